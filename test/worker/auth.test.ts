import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { type AuthResult, LIMITS, type Profile, type PublicUser } from "../../src/protocol";
import { DEFAULT_SETTINGS } from "../../src/settings";
import {
  ageRotation,
  call,
  errorCode,
  freshIp,
  PASSWORD,
  signIn,
  signUp,
  uniqueName,
} from "./helpers";

describe("sign up", () => {
  it("creates an account and returns tokens for a new device", async () => {
    const name = uniqueName("Alice");
    const result = await call<AuthResult>("POST", "/api/auth/signup", {
      body: { username: name, displayName: " 앨리스 ", password: PASSWORD, deviceName: "laptop" },
    });
    expect(result.status).toBe(201);
    expect(result.body.user).toMatchObject({ username: name.toLowerCase(), displayName: "앨리스" });
    expect(result.body.deviceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.body.accessToken.split(".")).toHaveLength(3);
    expect(result.body.refreshToken.length).toBeGreaterThanOrEqual(43);
    const me = await call<Profile>("GET", "/api/me", { token: result.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(result.body.user.id);
  });

  it("stores the password as an argon2id hash with the OWASP minimum parameters", async () => {
    const auth = await signUp();
    const row = await env.DB.prepare("SELECT password_hash FROM users WHERE id = ?")
      .bind(auth.user.id)
      .first<{ password_hash: string }>();
    expect(row?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row?.password_hash).not.toContain(PASSWORD);
  });

  it("refuses a username that is taken, ignoring case", async () => {
    const name = uniqueName("bob");
    await signUp(name);
    const again = await call("POST", "/api/auth/signup", {
      body: { username: name.toUpperCase(), displayName: "Bob 2", password: PASSWORD },
    });
    expect(again.status).toBe(409);
    expect(errorCode(again)).toBe("username_taken");
  });

  it.each([
    [{ username: "ab", displayName: "x", password: PASSWORD }, "username"],
    [{ username: "a".repeat(33), displayName: "x", password: PASSWORD }, "username"],
    [{ username: "bad name", displayName: "x", password: PASSWORD }, "username"],
    [{ username: "okname", displayName: "x", password: "short12" }, "password"],
    [{ username: "okname", displayName: "", password: PASSWORD }, "displayName"],
    [{ username: "okname", displayName: "x", password: PASSWORD, admin: true }, "admin"],
    [{ username: "okname", password: PASSWORD }, "displayName"],
  ])("rejects %j naming the field", async (body, field) => {
    const result = await call("POST", "/api/auth/signup", { body });
    expect(result.status).toBe(400);
    expect(errorCode(result)).toBe("validation_failed");
    expect(JSON.stringify(result.body)).toContain(field);
  });
});

describe("sign in", () => {
  it("signs in with the right password, each sign-in a new device", async () => {
    const auth = await signUp();
    const result = await signIn(auth.user.username.toUpperCase());
    expect(result.status).toBe(200);
    expect(result.body.user.id).toBe(auth.user.id);
    expect(result.body.deviceId).not.toBe(auth.deviceId);
  });

  it("answers a wrong password and an unknown user identically", async () => {
    const auth = await signUp();
    const wrong = await signIn(auth.user.username, "not the password");
    const unknown = await signIn(uniqueName("nobody"), "not the password");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(errorCode(wrong)).toBe("invalid_credentials");
    expect([...wrong.headers.keys()].sort()).toEqual([...unknown.headers.keys()].sort());
  });

  it("locks an account after repeated failures, even for the right password, with Retry-After", async () => {
    const auth = await signUp();
    const max = 5;
    for (let i = 0; i < max; i++) {
      expect((await signIn(auth.user.username, `wrong ${i}xxxx`)).status).toBe(401);
    }
    const locked = await signIn(auth.user.username);
    expect(locked.status).toBe(429);
    expect(errorCode(locked)).toBe("rate_limited");
    expect(Number(locked.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("locks unknown usernames the same way, so throttling does not reveal accounts", async () => {
    const ghost = uniqueName("ghost");
    for (let i = 0; i < 5; i++) expect((await signIn(ghost, "whatever123")).status).toBe(401);
    expect((await signIn(ghost, "whatever123")).status).toBe(429);
  });

  it("a success clears the account's failure count", async () => {
    const auth = await signUp();
    for (let i = 0; i < 4; i++) await signIn(auth.user.username, "wrong password");
    expect((await signIn(auth.user.username)).status).toBe(200);
    for (let i = 0; i < 4; i++) await signIn(auth.user.username, "wrong password");
    expect((await signIn(auth.user.username)).status).toBe(200);
  });

  it("upgrades a hash made with other argon2 parameters on the next successful sign-in", async () => {
    const { hashPassword } = await import("../../src/auth/password");
    const auth = await signUp();
    const old = await hashPassword(PASSWORD, { memoryKiB: 19_456, iterations: 3 });
    await env.DB.prepare("UPDATE users SET password_hash = ? WHERE id = ?")
      .bind(old, auth.user.id)
      .run();
    expect((await signIn(auth.user.username)).status).toBe(200);
    const row = await env.DB.prepare("SELECT password_hash FROM users WHERE id = ?")
      .bind(auth.user.id)
      .first<{ password_hash: string }>();
    expect(row?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await signIn(auth.user.username)).status).toBe(200);
  });

  it("throttles one IP trying many accounts", async () => {
    const ip = freshIp();
    const limit = 30;
    for (let i = 0; i < limit; i++) {
      expect((await signIn(`nobody_${i}`, "whatever123", ip)).status).toBe(401);
    }
    const blocked = await signIn("nobody_x", "whatever123", ip);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThan(0);
    // Another IP is unaffected.
    expect((await signIn("nobody_x", "whatever123")).status).toBe(401);
  });
});

const grace = DEFAULT_SETTINGS.REFRESH_REUSE_GRACE_SECONDS * 1000;
const refreshWith = (refreshToken: string) =>
  call<AuthResult>("POST", "/api/auth/refresh", { body: { refreshToken } });
const age = (token: string, ms: number) => ageRotation(env.DB, token, ms);

describe("refresh", () => {
  it("rotates: the new refresh token works and the access token identifies the same device", async () => {
    const auth = await signUp();
    const first = await call<AuthResult>("POST", "/api/auth/refresh", {
      body: { refreshToken: auth.refreshToken },
    });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(auth.refreshToken);
    expect(first.body.deviceId).toBe(auth.deviceId);
    const second = await call<AuthResult>("POST", "/api/auth/refresh", {
      body: { refreshToken: first.body.refreshToken },
    });
    expect(second.status).toBe(200);
    const me = await call<Profile>("GET", "/api/me", { token: second.body.accessToken });
    expect(me.body.id).toBe(auth.user.id);
  });

  it("treats reuse of a rotated token after the grace window as theft and revokes the device", async () => {
    const auth = await signUp();
    const rotated = await call<AuthResult>("POST", "/api/auth/refresh", {
      body: { refreshToken: auth.refreshToken },
    });
    await age(auth.refreshToken, grace + 1);
    const reuse = await call("POST", "/api/auth/refresh", {
      body: { refreshToken: auth.refreshToken },
    });
    expect(reuse.status).toBe(401);
    expect(errorCode(reuse)).toBe("refresh_token_reused");
    // The thief's or the owner's newer token is dead too: the whole device is revoked.
    const newer = await call("POST", "/api/auth/refresh", {
      body: { refreshToken: rotated.body.refreshToken },
    });
    expect(newer.status).toBe(401);
    expect(errorCode(newer)).toBe("session_revoked");
  });

  it("leaves the user's other devices signed in when one device is revoked", async () => {
    const auth = await signUp();
    const other = await signIn(auth.user.username);
    await call("POST", "/api/auth/refresh", { body: { refreshToken: auth.refreshToken } });
    await age(auth.refreshToken, grace + 1);
    const reuse = await refreshWith(auth.refreshToken);
    expect(errorCode(reuse)).toBe("refresh_token_reused");
    const ok = await call("POST", "/api/auth/refresh", {
      body: { refreshToken: other.body.refreshToken },
    });
    expect(ok.status).toBe(200);
  });

  describe("the same token again within REFRESH_REUSE_GRACE_SECONDS", () => {
    it("answers with the device's current tokens, not a second chain and not a revocation", async () => {
      const auth = await signUp();
      const first = await refreshWith(auth.refreshToken);
      const again = await refreshWith(auth.refreshToken);
      expect(again.status).toBe(200);
      expect(again.body.deviceId).toBe(auth.deviceId);
      expect(again.body.refreshToken).toBe(first.body.refreshToken);
      expect(again.body.refreshTokenExpiresAt).toBe(first.body.refreshTokenExpiresAt);
      const me = await call<Profile>("GET", "/api/me", { token: again.body.accessToken });
      expect(me.body.id).toBe(auth.user.id);
      // The device is still signed in: the current token rotates as usual.
      const next = await refreshWith(first.body.refreshToken);
      expect(next.status).toBe(200);
    });

    it("gives two tabs refreshing at once the same tokens", async () => {
      const auth = await signUp();
      const both = await Promise.all([
        refreshWith(auth.refreshToken),
        refreshWith(auth.refreshToken),
      ]);
      expect(both.map((r) => r.status)).toEqual([200, 200]);
      expect(both[0].body.refreshToken).toBe(both[1].body.refreshToken);
      expect((await refreshWith(both[0].body.refreshToken)).status).toBe(200);
    });

    it("follows rotations made since to the current token", async () => {
      const auth = await signUp();
      const first = await refreshWith(auth.refreshToken);
      const second = await refreshWith(first.body.refreshToken);
      const late = await refreshWith(auth.refreshToken);
      expect(late.status).toBe(200);
      expect(late.body.refreshToken).toBe(second.body.refreshToken);
    });

    it("still holds at the window's last millisecond", async () => {
      const auth = await signUp();
      const first = await refreshWith(auth.refreshToken);
      await age(auth.refreshToken, grace - 50); // less the time the next call takes to arrive
      const again = await refreshWith(auth.refreshToken);
      expect(again.status).toBe(200);
      expect(again.body.refreshToken).toBe(first.body.refreshToken);
    });

    it("revokes the device for a reuse after the window, as before", async () => {
      const auth = await signUp();
      const first = await refreshWith(auth.refreshToken);
      await age(auth.refreshToken, grace + 1);
      const reuse = await refreshWith(auth.refreshToken);
      expect(reuse.status).toBe(401);
      expect(errorCode(reuse)).toBe("refresh_token_reused");
      const current = await refreshWith(first.body.refreshToken);
      expect(errorCode(current)).toBe("session_revoked");
    });
  });

  it("refuses an unknown refresh token", async () => {
    const result = await call("POST", "/api/auth/refresh", { body: { refreshToken: "nope" } });
    expect(result.status).toBe(401);
    expect(errorCode(result)).toBe("invalid_token");
  });
});

describe("sign out", () => {
  it("revokes the device: its refresh token and socket tickets stop working", async () => {
    const auth = await signUp();
    const out = await call("POST", "/api/auth/signout", { token: auth.accessToken });
    expect(out.status).toBe(204);
    const refreshed = await call("POST", "/api/auth/refresh", {
      body: { refreshToken: auth.refreshToken },
    });
    expect(refreshed.status).toBe(401);
    expect(errorCode(refreshed)).toBe("session_revoked");
    const ticket = await call("POST", "/api/socket/ticket", { token: auth.accessToken });
    expect(ticket.status).toBe(401);
    expect(errorCode(ticket)).toBe("session_revoked");
  });

  it("requires a token", async () => {
    const out = await call("POST", "/api/auth/signout");
    expect(out.status).toBe(401);
    expect(out.headers.get("WWW-Authenticate")).toContain("Bearer");
  });
});

describe("profiles", () => {
  it("updates my display name and finds users by username", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const updated = await call<Profile>("PATCH", "/api/me", {
      token: alice.accessToken,
      body: { displayName: "Alice 🌷" },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.displayName).toBe("Alice 🌷");
    const found = await call<PublicUser>("GET", `/api/users/${alice.user.username}`, {
      token: bob.accessToken,
    });
    expect(found.body).toEqual({
      id: alice.user.id,
      username: alice.user.username,
      displayName: "Alice 🌷",
      avatarId: null,
    });
    expect(found.body).not.toHaveProperty("password_hash");
  });

  it("answers 404 for an unknown or impossible username", async () => {
    const me = await signUp();
    for (const name of [uniqueName("missing"), "x", "not%20valid"]) {
      const result = await call("GET", `/api/users/${name}`, { token: me.accessToken });
      expect(result.status).toBe(404);
      expect(errorCode(result)).toBe("not_found");
    }
  });

  it("looks up public profiles by id, up to the lookup limit", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const found = await call<{ users: PublicUser[] }>(
      "GET",
      `/api/users?ids=${bob.user.id},${alice.user.id},nobody,${bob.user.id}`,
      { token: alice.accessToken },
    );
    expect(found.status).toBe(200);
    expect(found.body.users.map((u) => u.id).sort()).toEqual([alice.user.id, bob.user.id].sort());
    expect(found.body.users[0]).not.toHaveProperty("password_hash");

    const ids = (n: number) => Array.from({ length: n }, (_, i) => `u${i}`);
    const atLimit = await call("GET", `/api/users?ids=${ids(LIMITS.userLookupMax).join(",")}`, {
      token: alice.accessToken,
    });
    expect(atLimit.status).toBe(200);
    const over = await call("GET", `/api/users?ids=${ids(LIMITS.userLookupMax + 1).join(",")}`, {
      token: alice.accessToken,
    });
    expect(over.status).toBe(400);
    expect(errorCode(over)).toBe("validation_failed");
    for (const query of ["", "?ids=", "?ids=a&extra=1"]) {
      const bad = await call("GET", `/api/users${query}`, { token: alice.accessToken });
      expect(bad.status).toBe(400);
    }
  });

  it("requires a signed-in caller", async () => {
    expect((await call("GET", "/api/me")).status).toBe(401);
    expect((await call("GET", "/api/users/someone")).status).toBe(401);
  });
});

describe("bearer tokens at the HTTP edge", () => {
  const keys = {
    secret: "test-secret-test-secret-test-secret-0123456789",
    issuer: "edge-chat",
    audience: "edge-chat",
  };

  it("refuses expired, wrong-audience, tampered and alg-none tokens with 401", async () => {
    const { signAccessToken } = await import("../../src/auth/tokens");
    const { base64url, utf8 } = await import("../../src/auth/encoding");
    const auth = await signUp();
    const identity = { userId: auth.user.id, deviceId: auth.deviceId };
    const now = Math.floor(Date.now() / 1000);
    const expired = await signAccessToken(keys, identity, now - 1000, 60);
    const foreign = await signAccessToken({ ...keys, audience: "another-app" }, identity, now, 60);
    const [header, payload] = auth.accessToken.split(".");
    const claims = JSON.parse(atob((payload ?? "").replace(/-/g, "+").replace(/_/g, "/")));
    const none = `${base64url(utf8('{"alg":"none","typ":"JWT"}'))}.${payload}.`;
    const tampered = `${header}.${base64url(utf8(JSON.stringify({ ...claims, sub: "x" })))}.${auth.accessToken.split(".")[2]}`;
    const cases: [string, string][] = [
      [expired.token, "token_expired"],
      [foreign.token, "invalid_token"],
      [none, "invalid_token"],
      [tampered, "invalid_token"],
    ];
    for (const [token, code] of cases) {
      const result = await call("GET", "/api/me", { token });
      expect(result.status).toBe(401);
      expect(errorCode(result)).toBe(code);
    }
    expect((await call("GET", "/api/me", { token: auth.accessToken })).status).toBe(200);
  });

  it("refuses a token issued or valid from beyond the clock-skew allowance (60 s)", async () => {
    const { signAccessToken } = await import("../../src/auth/tokens");
    const auth = await signUp();
    const identity = { userId: auth.user.id, deviceId: auth.deviceId };
    const now = Math.floor(Date.now() / 1000);
    const within = await signAccessToken(keys, identity, now + 50, 900);
    expect((await call("GET", "/api/me", { token: within.token })).status).toBe(200);
    const ahead = await signAccessToken(keys, identity, now + 120, 900);
    const refused = await call("GET", "/api/me", { token: ahead.token });
    expect(refused.status).toBe(401);
    expect(errorCode(refused)).toBe("invalid_token");
  });

  it("reads the scheme case-insensitively, and nothing but a bearer token", async () => {
    const auth = await signUp();
    for (const scheme of ["Bearer", "bearer", "BEARER", "bEaReR", "Bearer  "]) {
      const result = await call("GET", "/api/me", {
        headers: { Authorization: `${scheme} ${auth.accessToken}` },
      });
      expect(result.status, scheme).toBe(200);
    }
    for (const header of [
      `Basic ${auth.accessToken}`,
      `Bearer${auth.accessToken}`,
      `Bearer ${auth.accessToken} extra`,
      auth.accessToken,
    ]) {
      const result = await call("GET", "/api/me", { headers: { Authorization: header } });
      expect(result.status, header).toBe(401);
      expect(errorCode(result)).toBe("unauthorized");
    }
  });
});
