/** The push routes: the VAPID key, and a device's subscription, validated. */
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import type { Env } from "../../src/env";
import { LIMITS, type PushKey, type PushSubscriptionState } from "../../src/protocol";
import { call, errorCode, ORIGIN, signIn, signUp } from "./helpers";
import { newSubscription, PUSH_ORIGIN } from "./push-helpers";

const put = (token: string, body: unknown) =>
  call<PushSubscriptionState>("PUT", "/api/push/subscription", { token, body });
const state = async (token: string) =>
  (await call<PushSubscriptionState>("GET", "/api/push/subscription", { token })).body;

describe("the push routes", () => {
  it("give the VAPID public key: a 65-byte uncompressed P-256 point", async () => {
    const alice = await signUp();
    const answer = await call<PushKey>("GET", "/api/push/key", { token: alice.accessToken });
    expect(answer.status).toBe(200);
    expect(answer.body.publicKey).toBe(env.VAPID_PUBLIC_KEY);
    expect(answer.body.publicKey).toMatch(/^B[A-Za-z0-9_-]{86}$/);
    expect((await call("GET", "/api/push/key")).status).toBe(401);
  });

  it("keep one subscription per device: a new one replaces it, DELETE removes it", async () => {
    const alice = await signUp();
    const token = alice.accessToken;
    expect(await state(token)).toEqual({ subscribed: false, endpoint: null });
    const { id: _a, ...first } = await newSubscription();
    expect((await put(token, first)).body).toEqual({ subscribed: true, endpoint: first.endpoint });
    const { id: _b, ...second } = await newSubscription();
    expect((await put(token, second)).body.endpoint).toBe(second.endpoint);
    expect(await state(token)).toEqual({ subscribed: true, endpoint: second.endpoint });
    // Another device of the same user has its own.
    const laptop = await signIn(alice.user.username);
    expect(await state(laptop.body.accessToken)).toEqual({ subscribed: false, endpoint: null });
    const removed = await call("DELETE", "/api/push/subscription", { token });
    expect(removed.status).toBe(204);
    expect(await state(token)).toEqual({ subscribed: false, endpoint: null });
    expect((await call("DELETE", "/api/push/subscription", { token })).status).toBe(204);
  });

  it("refuse a subscription that is not one, or not on a known push service", async () => {
    const alice = await signUp();
    const { id: _id, ...good } = await newSubscription();
    const bad = (change: Record<string, unknown>) => ({ ...good, ...change });
    const keys = (change: Record<string, unknown>) => ({
      ...good,
      keys: { ...good.keys, ...change },
    });
    const refused = [
      bad({ endpoint: "https://evil.test/push/1" }),
      bad({ endpoint: "ftp://push.test/push/1" }),
      bad({ endpoint: "not a url" }),
      bad({ endpoint: `${PUSH_ORIGIN}/${"x".repeat(LIMITS.pushEndpointMax)}` }),
      bad({ expirationTime: "never" }),
      bad({ extra: true }),
      keys({ p256dh: good.keys.p256dh.slice(0, -1) }),
      keys({ p256dh: `A${good.keys.p256dh.slice(1)}` }),
      keys({ p256dh: good.keys.p256dh.replace(/.$/, "+") }),
      keys({ auth: "short" }),
      keys({ auth: `${good.keys.auth}AA` }),
      { endpoint: good.endpoint },
    ];
    for (const body of refused) {
      const answer = await put(alice.accessToken, body);
      expect([answer.status, errorCode(answer)], JSON.stringify(body)).toEqual([
        400,
        "validation_failed",
      ]);
    }
    expect(await state(alice.accessToken)).toEqual({ subscribed: false, endpoint: null });
    // The longest endpoint allowed, and expirationTime as a browser sends it.
    const path = "x".repeat(LIMITS.pushEndpointMax - `${PUSH_ORIGIN}/`.length);
    const longest = bad({ endpoint: `${PUSH_ORIGIN}/${path}`, expirationTime: 1_900_000_000_000 });
    expect((await put(alice.accessToken, longest)).status).toBe(200);
  });

  it("answer 503 push_unavailable when the server has no VAPID keys", async () => {
    const alice = await signUp();
    const bare = {
      ...(env as unknown as Env),
      VAPID_PUBLIC_KEY: undefined,
      VAPID_PRIVATE_KEY: undefined,
    };
    const app = createApp();
    for (const [method, path] of [
      ["GET", "/api/push/key"],
      ["GET", "/api/push/subscription"],
      ["DELETE", "/api/push/subscription"],
    ] as const) {
      const request = new Request(`${ORIGIN}${path}`, {
        method,
        headers: { Authorization: `Bearer ${alice.accessToken}`, "CF-Connecting-IP": "192.0.2.9" },
      });
      const answer = await app.fetch(request, bare, createExecutionContext());
      expect([
        answer.status,
        ((await answer.json()) as { error: { code: string } }).error.code,
      ]).toEqual([503, "push_unavailable"]);
    }
  });
});
