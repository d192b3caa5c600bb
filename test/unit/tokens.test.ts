import { describe, expect, it } from "vitest";
import { base64url, utf8 } from "../../src/auth/encoding";
import { signAccessToken, type TokenKeys, verifyAccessToken } from "../../src/auth/tokens";

const KEYS: TokenKeys = {
  secret: "unit-test-secret-unit-test-secret-0123",
  issuer: "edge-chat",
  audience: "edge-chat",
};
const NOW = 1_800_000_000;
/** The clock-skew allowance these tests verify with (TOKEN_CLOCK_SKEW_SECONDS). */
const SKEW = 60;
const ID = { userId: "u1", deviceId: "d1" };

const b64json = (value: unknown) => base64url(utf8(JSON.stringify(value)));

async function hmac(secret: string, input: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    utf8(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return base64url(new Uint8Array(await crypto.subtle.sign("HMAC", key, utf8(input))));
}

/** Builds a token by hand so that every field can be wrong in turn. */
async function forge(header: unknown, claims: unknown, secret = KEYS.secret): Promise<string> {
  const input = `${b64json(header)}.${b64json(claims)}`;
  return `${input}.${await hmac(secret, input)}`;
}

const goodClaims = {
  iss: "edge-chat",
  aud: "edge-chat",
  sub: "u1",
  sid: "d1",
  iat: NOW,
  exp: NOW + 60,
};

describe("access tokens", () => {
  it("round-trips identity, issuer, audience and expiry", async () => {
    const { token, expiresAt } = await signAccessToken(KEYS, ID, NOW, 900);
    expect(expiresAt).toBe((NOW + 900) * 1000);
    const result = await verifyAccessToken(KEYS, token, NOW + 899, SKEW);
    expect(result).toMatchObject({ ok: true, identity: ID });
  });

  it("accepts a hand-built HS256 token with the right claims (the forge helper is sound)", async () => {
    const result = await verifyAccessToken(
      KEYS,
      await forge({ alg: "HS256", typ: "JWT" }, goodClaims),
      NOW,
      SKEW,
    );
    expect(result.ok).toBe(true);
  });

  it("refuses an expired token with token_expired", async () => {
    const { token } = await signAccessToken(KEYS, ID, NOW, 900);
    expect(await verifyAccessToken(KEYS, token, NOW + 900, SKEW)).toMatchObject({
      ok: false,
      code: "token_expired",
    });
  });

  it.each([
    ["iat", { iat: NOW + SKEW }, true],
    ["iat", { iat: NOW + SKEW + 1 }, false],
    ["nbf", { nbf: NOW + SKEW }, true],
    ["nbf", { nbf: NOW + SKEW + 1 }, false],
    ["nbf", { nbf: NOW - 600 }, true],
  ])("allows %s at most the clock skew ahead of now: %j accepted %s", async (_, change, ok) => {
    const token = await forge({ alg: "HS256", typ: "JWT" }, { ...goodClaims, ...change });
    const result = await verifyAccessToken(KEYS, token, NOW, SKEW);
    expect(result).toMatchObject(
      ok ? { ok } : { ok, code: "invalid_token", reason: "token not yet valid" },
    );
  });

  it("with no skew allowed, refuses a token issued a second from now", async () => {
    const { token } = await signAccessToken(KEYS, ID, NOW + 1, 900);
    expect((await verifyAccessToken(KEYS, token, NOW, 0)).ok).toBe(false);
    expect((await verifyAccessToken(KEYS, token, NOW + 1, 0)).ok).toBe(true);
  });

  it("gives expiry no allowance for skew", async () => {
    const { token } = await signAccessToken(KEYS, ID, NOW, 900);
    expect(await verifyAccessToken(KEYS, token, NOW + 900, 300)).toMatchObject({
      ok: false,
      code: "token_expired",
    });
  });

  it("refuses a token whose payload was changed", async () => {
    const { token } = await signAccessToken(KEYS, ID, NOW, 900);
    const [h, , s] = token.split(".");
    const tampered = `${h}.${b64json({ ...goodClaims, sub: "someone-else" })}.${s}`;
    expect(await verifyAccessToken(KEYS, tampered, NOW, SKEW)).toMatchObject({
      ok: false,
      code: "invalid_token",
      reason: "bad signature",
    });
  });

  it("refuses alg none, with or without a signature", async () => {
    const unsigned = `${b64json({ alg: "none", typ: "JWT" })}.${b64json(goodClaims)}.`;
    expect(await verifyAccessToken(KEYS, unsigned, NOW, SKEW)).toMatchObject({
      ok: false,
      reason: "unsupported algorithm",
    });
    const signed = await forge({ alg: "none" }, goodClaims);
    expect((await verifyAccessToken(KEYS, signed, NOW, SKEW)).ok).toBe(false);
  });

  it("refuses other algorithms even when the HMAC is right", async () => {
    for (const alg of ["HS512", "RS256", "hs256", "ES256"]) {
      const token = await forge({ alg, typ: "JWT" }, goodClaims);
      expect(await verifyAccessToken(KEYS, token, NOW, SKEW)).toMatchObject({
        ok: false,
        reason: "unsupported algorithm",
      });
    }
  });

  it("refuses a token signed with another secret", async () => {
    const token = await forge(
      { alg: "HS256" },
      goodClaims,
      "another-secret-another-secret-0123456",
    );
    expect((await verifyAccessToken(KEYS, token, NOW, SKEW)).ok).toBe(false);
  });

  it.each([
    [{ aud: "other-service" }, "wrong audience"],
    [{ aud: ["x", "y"] }, "wrong audience"],
    [{ iss: "someone-else" }, "wrong issuer"],
    [{ sub: "" }, "missing subject"],
    [{ sid: undefined }, "missing subject"],
    [{ exp: undefined }, "missing lifetime"],
    [{ exp: "never" }, "missing lifetime"],
    [{ iat: undefined }, "missing lifetime"],
    [{ nbf: "soon" }, "malformed not-before"],
    [{ nbf: null }, "malformed not-before"],
  ])("refuses claims %j (%s)", async (change, reason) => {
    const token = await forge({ alg: "HS256", typ: "JWT" }, { ...goodClaims, ...change });
    expect(await verifyAccessToken(KEYS, token, NOW, SKEW)).toMatchObject({ ok: false, reason });
  });

  it("accepts an audience list that includes ours", async () => {
    const token = await forge({ alg: "HS256" }, { ...goodClaims, aud: ["x", "edge-chat"] });
    expect((await verifyAccessToken(KEYS, token, NOW, SKEW)).ok).toBe(true);
  });

  it.each(["", "a.b", "a.b.c.d", "!!!.???.***", "eyJ.eyJ.AAAA"])(
    "refuses malformed %j",
    async (t) => {
      expect((await verifyAccessToken(KEYS, t, NOW, SKEW)).ok).toBe(false);
    },
  );

  it("refuses a signature spelled with stray trailing bits (non-canonical base64url)", async () => {
    const { token } = await signAccessToken(KEYS, ID, NOW, 900);
    const last = token.at(-1) ?? "A";
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    // A 32-byte signature is 43 characters; the last one carries 4 padding bits.
    const sibling = alphabet[(alphabet.indexOf(last) ^ 1) % 64] ?? "A";
    expect((await verifyAccessToken(KEYS, token, NOW, SKEW)).ok).toBe(true);
    expect((await verifyAccessToken(KEYS, `${token.slice(0, -1)}${sibling}`, NOW, SKEW)).ok).toBe(
      false,
    );
  });

  it("refuses to work with a short secret", async () => {
    await expect(signAccessToken({ ...KEYS, secret: "short" }, ID, NOW, 60)).rejects.toThrow(
      /JWT_SECRET/,
    );
  });
});
