/**
 * Every answer of the worker carries the security headers (src/http/security-headers.ts):
 * successes, answers that carry tokens, errors of every status, and refused socket upgrades,
 * including the ones a Durable Object writes. The web client's files get theirs from
 * web/public/_headers (test/browser/headers.test.ts).
 */
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { API_SECURITY_HEADERS } from "../../src/http/security-headers";
import type { AuthResult } from "../../src/protocol";
import {
  call,
  createGroup,
  freshIp,
  ORIGIN,
  PASSWORD,
  signIn,
  signUp,
  ticketFor,
  uniqueName,
  upgrade,
} from "./helpers";

function expectSecurityHeaders(headers: Headers, what: string): void {
  for (const [name, value] of Object.entries(API_SECURITY_HEADERS)) {
    expect(headers.get(name), `${name} on ${what}`).toBe(value);
  }
}

describe("security headers on the worker's answers", () => {
  it("are exactly these: no-store, a policy that loads nothing, no framing, no sniffing, no referrer", () => {
    expect(API_SECURITY_HEADERS).toEqual({
      "Cache-Control": "no-store",
      "Content-Security-Policy":
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      "Referrer-Policy": "no-referrer",
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "DENY",
    });
  });

  it("come with every answer that carries tokens: sign-up, sign-in, refresh and socket tickets", async () => {
    const username = uniqueName();
    const signup = await call<AuthResult>("POST", "/api/auth/signup", {
      body: { username, displayName: "Headers", password: PASSWORD },
    });
    expect(signup.status).toBe(201);
    expectSecurityHeaders(signup.headers, "sign-up");
    const signin = await signIn(username);
    expect(signin.status).toBe(200);
    expectSecurityHeaders(signin.headers, "sign-in");
    const refreshed = await call<AuthResult>("POST", "/api/auth/refresh", {
      body: { refreshToken: signin.body.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    expectSecurityHeaders(refreshed.headers, "refresh");
    const ticket = await call("POST", "/api/socket/ticket", {
      token: refreshed.body.accessToken,
    });
    expect(ticket.status).toBe(201);
    expectSecurityHeaders(ticket.headers, "socket ticket");
  }, 20_000);

  it("come with other answers and with errors: 400, 401, 404, 413 and 429", async () => {
    const auth = await signUp();
    const cases: [string, Awaited<ReturnType<typeof call>>][] = [
      ["health", await call("GET", "/api/health")],
      ["inbox", await call("GET", "/api/rooms", { token: auth.accessToken })],
      ["sign-out 204", await call("POST", "/api/auth/signout", { token: auth.accessToken })],
      ["400", await call("POST", "/api/auth/signin", { body: { username: 1 } })],
      ["401", await call("GET", "/api/me")],
      ["404 route", await call("GET", "/api/nothing-here")],
      ["404 outside /api", await call("GET", "/no-such-file.js")],
      [
        "413",
        await call("POST", "/api/auth/signin", {
          body: { username: "x", password: "y".repeat(20_000) },
        }),
      ],
    ];
    // Five failures lock a username (SIGNIN_MAX_FAILURES_PER_ACCOUNT): the sixth try is 429.
    const ghost = uniqueName("ghost");
    let limited = await signIn(ghost, "wrong password");
    for (let i = 0; i < 6 && limited.status !== 429; i++) {
      limited = await signIn(ghost, "wrong password");
    }
    cases.push(["429", limited]);
    const statuses = cases.map(([what, result]) => [what, result.status]);
    expect(statuses).toEqual([
      ["health", 200],
      ["inbox", 200],
      ["sign-out 204", 204],
      ["400", 400],
      ["401", 401],
      ["404 route", 404],
      ["404 outside /api", 404],
      ["413", 413],
      ["429", 429],
    ]);
    for (const [what, result] of cases) expectSecurityHeaders(result.headers, what);
  }, 20_000);

  it("come with a 500", async () => {
    const response = await createApp().request(
      "/api/auth/signup",
      {
        method: "POST",
        body: JSON.stringify({ username: uniqueName(), displayName: "X", password: PASSWORD }),
        headers: { "Content-Type": "application/json", "CF-Connecting-IP": freshIp() },
      },
      { ...env, JWT_SECRET: "" },
    );
    expect(response.status).toBe(500);
    expectSecurityHeaders(response.headers, "500");
  });

  it("come with every refused socket upgrade, the room's own 404 included", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const roomId = (await createGroup(alice.accessToken, "closed", [])).body.id;
    const refusals: [string, number, Response][] = [
      ["no upgrade", 426, await exports.default.fetch(`${ORIGIN}/api/socket?ticket=x`)],
      [
        "foreign origin",
        403,
        await upgrade("/api/socket?ticket=x", { Origin: "https://evil.example" }),
      ],
      ["no ticket", 401, await upgrade("/api/socket")],
      ["bad ticket", 401, await upgrade("/api/socket?ticket=nope")],
      ["bad room id", 404, await upgrade("/api/socket/rooms/nope?ticket=x")],
      [
        "not a member (the room answers)",
        404,
        await upgrade(
          `/api/socket/rooms/${encodeURIComponent(roomId)}?ticket=${(await ticketFor(bob.accessToken)).ticket}`,
        ),
      ],
    ];
    for (const [what, status, response] of refusals) {
      expect(response.status, what).toBe(status);
      expectSecurityHeaders(response.headers, what);
      await response.body?.cancel();
    }
  }, 20_000);
});
