import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { hit } from "../../src/auth/throttle";
import { ipKey } from "../../src/http/middleware";
import worker, { CRONS } from "../../src/worker";
import { call, errorCode, freshIp, PASSWORD, signUp, uniqueName } from "./helpers";

const validSignUp = () => ({ username: uniqueName(), displayName: "X", password: PASSWORD });

describe("request bodies", () => {
  it("refuses a body over MAX_REQUEST_BYTES with 413 and accepts one at the limit", async () => {
    const limit = 16 * 1024;
    const body = validSignUp();
    const overhead = JSON.stringify({ ...body, displayName: "" }).length;
    const atLimit = { ...body, displayName: "x".repeat(limit - overhead) };
    expect(JSON.stringify(atLimit).length).toBe(limit);
    // At the limit the body is read and judged on its fields (display name too long), not size.
    expect(errorCode(await call("POST", "/api/auth/signup", { body: atLimit }))).toBe(
      "validation_failed",
    );
    const over = { ...body, displayName: "x".repeat(limit - overhead + 1) };
    const result = await call("POST", "/api/auth/signup", { body: over });
    expect(result.status).toBe(413);
    expect(errorCode(result)).toBe("payload_too_large");
  });

  it("counts streamed bytes, so a chunked body without Content-Length cannot pass the limit", async () => {
    const app = createApp();
    const chunk = new TextEncoder().encode(`{"pad":"${"x".repeat(4000)}`);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 10) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await app.request(
      "/api/auth/signin",
      {
        method: "POST",
        body,
        headers: { "Content-Type": "application/json", "CF-Connecting-IP": freshIp() },
      },
      env,
    );
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(10); // reading stopped early
  });

  it("refuses invalid JSON and the wrong content type", async () => {
    const app = createApp();
    const post = (body: string, type: string) =>
      app.request(
        "/api/auth/signin",
        { method: "POST", body, headers: { "Content-Type": type, "CF-Connecting-IP": freshIp() } },
        env,
      );
    const bad = await post("{oops", "application/json");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: { code: "invalid_json", message: "request body is not valid JSON" },
    });
    const form = await post("username=a&password=b", "application/x-www-form-urlencoded");
    expect(form.status).toBe(400);
    expect(((await form.json()) as { error: { code: string } }).error.code).toBe("bad_request");
  });
});

describe("errors", () => {
  it("answers unknown routes with a JSON 404", async () => {
    const result = await call("GET", "/api/nothing-here");
    expect(result.status).toBe(404);
    expect(errorCode(result)).toBe("not_found");
  });

  it("hides internals: a misconfigured secret gives 500 internal with no stack or detail", async () => {
    const app = createApp();
    const response = await app.request(
      "/api/auth/signup",
      {
        method: "POST",
        body: JSON.stringify(validSignUp()),
        headers: { "Content-Type": "application/json", "CF-Connecting-IP": freshIp() },
      },
      { ...env, JWT_SECRET: "" },
    );
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: "internal", message: "internal error" } });
    expect(text).not.toMatch(/JWT_SECRET|\bat\b|\.ts/);
  });
});

describe("rate-limit windows", () => {
  it("count attempts up to the limit, refuse past it, and reset when the window ends", async () => {
    const key = `test:${uniqueName()}`;
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) expect((await hit(env.DB, key, 3, 60, t0 + i)).allowed).toBe(true);
    const refused = await hit(env.DB, key, 3, 60, t0 + 10_000);
    expect(refused).toEqual({ allowed: false, count: 4, retryAfterSeconds: 50 });
    expect((await hit(env.DB, key, 3, 60, t0 + 59_999)).allowed).toBe(false);
    expect(await hit(env.DB, key, 3, 60, t0 + 60_000)).toMatchObject({ allowed: true, count: 1 });
  });
});

describe("scheduled sweep", () => {
  it("deletes expired tickets, refresh tokens and rate-limit windows, and nothing live", async () => {
    const now = Date.now();
    const auth = await signUp();
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO socket_tickets VALUES ('old-ticket', 'u', 'd', ?1), ('live-ticket', 'u', 'd', ?2)",
      ).bind(now - 1, now + 60_000),
      env.DB.prepare(
        `INSERT INTO refresh_tokens (token_hash, device_id, issued_at, expires_at)
         VALUES ('old-refresh', ?1, 0, ?2), ('live-refresh', ?1, 0, ?3)`,
      ).bind(auth.deviceId, now - 1, now + 60_000),
      // Windows are kept for the longest one counted (an hour, ROOM_CREATE_MAX_PER_HOUR).
      env.DB.prepare(
        "INSERT INTO rate_limits VALUES ('old-window', ?1, 3), ('live-window', ?2, 3)",
      ).bind(now - 61 * 60_000, now - 59 * 60_000),
    ]);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: CRONS.sweep }), env, ctx);
    await waitOnExecutionContext(ctx);
    const tickets = await env.DB.prepare("SELECT ticket_hash FROM socket_tickets").all();
    expect(tickets.results.map((r) => r.ticket_hash)).toContain("live-ticket");
    expect(tickets.results.map((r) => r.ticket_hash)).not.toContain("old-ticket");
    const windows = await env.DB.prepare(
      "SELECT key FROM rate_limits WHERE key LIKE '%-window'",
    ).all();
    expect(windows.results.map((r) => r.key)).toEqual(["live-window"]);
  });
});

describe("client address keys for throttling", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:0db8:0001:0002:ffff::1", "2001:db8:1:2::/64"],
    ["2001:DB8:1:2::", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
  ])("%s is keyed as %s", (ip, key) => {
    expect(ipKey(ip)).toBe(key);
  });

  it("puts a whole IPv6 /64 in one sign-in bucket", async () => {
    for (let i = 0; i < 30; i++) {
      const ip = `2001:db8:77:1::${(i + 1).toString(16)}`;
      expect(
        (
          await call("POST", "/api/auth/signin", {
            ip,
            body: { username: `n${i}x`, password: "whatever1" },
          })
        ).status,
      ).toBe(401);
    }
    const blocked = await call("POST", "/api/auth/signin", {
      ip: "2001:db8:77:1:ffff:ffff:ffff:ffff",
      body: { username: "another", password: "whatever1" },
    });
    expect(blocked.status).toBe(429);
    // 31 sign-ins, each an argon2id hash (a dummy one for an unknown name): seconds of CPU on
    // a loaded two-core machine, past the default 5 s.
  }, 30_000);
});
