/**
 * Access tokens: compact JWS (RFC 7515/7519) signed with HMAC-SHA256.
 *
 * The algorithm is pinned: the header must say `HS256` and nothing else is tried, so
 * `alg: none` and algorithm-confusion tokens fail before any signature work. `iss`, `aud`,
 * `exp` and `iat` are always checked, and `nbf` when present. The signature is checked with
 * `crypto.subtle.verify`, which compares in constant time.
 *
 * A token issued (`iat`) or valid only from (`nbf`) a moment more than the clock-skew
 * allowance ahead of our clock is refused: one instance's clock may run a little ahead of
 * another's, but a token from further in the future was not issued by a sane clock and
 * would otherwise live longer than its lifetime says. `exp` gets no allowance: a token is
 * never honoured past the end its issuer gave it.
 */
import { base64url, fromBase64url, utf8 } from "./encoding";

export interface TokenKeys {
  /** The HMAC secret (JWT_SECRET), at least 32 characters. */
  secret: string;
  issuer: string;
  audience: string;
}

/** Who the bearer is: the user, and the device (sign-in session) the token was issued to. */
export interface Identity {
  userId: string;
  deviceId: string;
}

export interface AccessClaims {
  iss: string;
  aud: string;
  sub: string;
  sid: string;
  iat: number;
  exp: number;
}

export type VerifyResult =
  | { ok: true; identity: Identity; claims: AccessClaims }
  | { ok: false; code: "invalid_token" | "token_expired"; reason: string };

const HEADER = base64url(utf8(JSON.stringify({ alg: "HS256", typ: "JWT" })));
export const MIN_SECRET_LENGTH = 32;

const keyCache = new Map<string, Promise<CryptoKey>>();

/** The HMAC-SHA256 key of a secret, imported once. Callers sign domain-separated messages. */
export function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", utf8(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    keyCache.set(secret, key);
  }
  return key;
}

function checkSecret(keys: TokenKeys): void {
  if (typeof keys.secret !== "string" || keys.secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`JWT_SECRET must be set and at least ${MIN_SECRET_LENGTH} characters`);
  }
}

export async function signAccessToken(
  keys: TokenKeys,
  identity: Identity,
  nowSeconds: number,
  ttlSeconds: number,
): Promise<{ token: string; expiresAt: number }> {
  checkSecret(keys);
  const claims: AccessClaims = {
    iss: keys.issuer,
    aud: keys.audience,
    sub: identity.userId,
    sid: identity.deviceId,
    iat: nowSeconds,
    exp: nowSeconds + ttlSeconds,
  };
  const signingInput = `${HEADER}.${base64url(utf8(JSON.stringify(claims)))}`;
  const signature = await crypto.subtle.sign(
    "HMAC",
    await hmacKey(keys.secret),
    utf8(signingInput),
  );
  return {
    token: `${signingInput}.${base64url(new Uint8Array(signature))}`,
    expiresAt: claims.exp * 1000,
  };
}

function decodeJson(part: string): unknown {
  const bytes = fromBase64url(part);
  if (!bytes) return undefined;
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const invalid = (reason: string): VerifyResult => ({ ok: false, code: "invalid_token", reason });

/**
 * Checks `token` at `nowSeconds`. `skewSeconds` (TOKEN_CLOCK_SKEW_SECONDS) is how far ahead
 * of `nowSeconds` a token's `iat` and `nbf` may lie.
 */
export async function verifyAccessToken(
  keys: TokenKeys,
  token: string,
  nowSeconds: number,
  skewSeconds: number,
): Promise<VerifyResult> {
  checkSecret(keys);
  const parts = token.split(".");
  if (parts.length !== 3) return invalid("malformed token");
  const [headerPart = "", payloadPart = "", signaturePart = ""] = parts;
  const header = decodeJson(headerPart);
  if (!isRecord(header) || header.alg !== "HS256") return invalid("unsupported algorithm");
  if ("crit" in header) return invalid("unsupported header");
  const signature = fromBase64url(signaturePart);
  if (signature?.byteLength !== 32) return invalid("bad signature");
  const valid = await crypto.subtle.verify(
    "HMAC",
    await hmacKey(keys.secret),
    signature,
    utf8(`${headerPart}.${payloadPart}`),
  );
  if (!valid) return invalid("bad signature");
  const claims = decodeJson(payloadPart);
  if (!isRecord(claims)) return invalid("malformed claims");
  const { iss, aud, sub, sid, iat, exp, nbf } = claims;
  if (iss !== keys.issuer) return invalid("wrong issuer");
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(keys.audience)) return invalid("wrong audience");
  if (typeof sub !== "string" || sub === "" || typeof sid !== "string" || sid === "") {
    return invalid("missing subject");
  }
  if (typeof exp !== "number" || typeof iat !== "number") return invalid("missing lifetime");
  if (nbf !== undefined && typeof nbf !== "number") return invalid("malformed not-before");
  const notBefore = Math.max(iat, nbf ?? iat);
  if (notBefore > nowSeconds + skewSeconds) return invalid("token not yet valid");
  if (exp <= nowSeconds) return { ok: false, code: "token_expired", reason: "token expired" };
  return {
    ok: true,
    identity: { userId: sub, deviceId: sid },
    claims: { iss, aud: keys.audience, sub, sid, iat, exp },
  };
}
