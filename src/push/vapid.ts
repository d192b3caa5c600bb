/**
 * VAPID (RFC 8292): the application server signs each push request with its P-256 key, so a
 * push service can tie subscriptions to it. The `Authorization` header is
 * `vapid t=<JWT>, k=<public key>`. The JWT is ES256 over `{aud, exp, sub}`, where `aud` is
 * the push service's origin and `exp` is at most 24 hours away.
 *
 * {@link verifyVapid} is the push service's check, for the local fake push service and tests.
 */
import { base64url, fromBase64url, utf8 } from "../auth/encoding";

/** How long a signed token stays valid. RFC 8292 allows at most 24 hours; half leaves slack. */
export const VAPID_TOKEN_SECONDS = 12 * 3600;
/** The most RFC 8292 allows between now and a token's `exp`. */
const VAPID_EXP_MAX_SECONDS = 24 * 3600;

const ECDSA = { name: "ECDSA", namedCurve: "P-256" };
const SIGN = { name: "ECDSA", hash: "SHA-256" };

export interface VapidKeys {
  /** ECDSA P-256 private key, for signing. */
  privateKey: CryptoKey;
  /** The matching public key as an uncompressed point (65 bytes): the `k` parameter. */
  publicKey: Uint8Array<ArrayBuffer>;
}

export class VapidError extends Error {}

const json = (value: unknown) => base64url(utf8(JSON.stringify(value)));

/**
 * The `Authorization` header for a push to `endpoint`. `subject` is a `mailto:` or `https:`
 * URL where the push service's operator can reach ours; `now` is in milliseconds.
 */
export async function vapidAuthorization(
  endpoint: string,
  keys: VapidKeys,
  subject: string,
  now: number,
): Promise<string> {
  const claims = {
    aud: new URL(endpoint).origin,
    exp: Math.floor(now / 1000) + VAPID_TOKEN_SECONDS,
    sub: subject,
  };
  const unsigned = `${json({ typ: "JWT", alg: "ES256" })}.${json(claims)}`;
  // WebCrypto's ECDSA signature is r || s (64 bytes), which is what JWS's ES256 wants.
  const signature = await crypto.subtle.sign(SIGN, keys.privateKey, utf8(unsigned));
  return `vapid t=${unsigned}.${base64url(new Uint8Array(signature))}, k=${base64url(keys.publicKey)}`;
}

/** What a verified header says. */
export interface VapidClaims {
  /** The application server's public key (`k`), base64url. */
  key: string;
  subject: string;
  exp: number;
}

function part(header: string, name: "t" | "k"): string {
  const match = new RegExp(`(?:^vapid |,\\s*)${name}=([A-Za-z0-9_.-]+)`).exec(header);
  if (!match?.[1]) throw new VapidError(`the vapid header has no ${name}=`);
  return match[1];
}

function decodeJson(text: string | undefined): Record<string, unknown> {
  const decoded = text === undefined ? null : fromBase64url(text);
  if (!decoded) throw new VapidError("the token is not base64url");
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(decoded));
  } catch {
    throw new VapidError("the token is not JSON");
  }
  if (typeof value !== "object" || value === null) throw new VapidError("the token is not JSON");
  return value as Record<string, unknown>;
}

/**
 * The push service's check of an `Authorization` header for a push to `endpoint` at `now`
 * (milliseconds): an ES256 signature by key `k`, `aud` the endpoint's origin, `exp` in the
 * future and at most 24 hours away, and a `sub`. Throws a VapidError saying what is wrong.
 */
export async function verifyVapid(
  header: string,
  endpoint: string,
  now: number,
): Promise<VapidClaims> {
  if (!header.startsWith("vapid ")) throw new VapidError("not a vapid authorization");
  const token = part(header, "t");
  const key = part(header, "k");
  const [head, body, signature] = token.split(".");
  const point = fromBase64url(key);
  const sig = signature === undefined ? null : fromBase64url(signature);
  if (point?.length !== 65 || !sig || sig.length !== 64) {
    throw new VapidError("malformed key or signature");
  }
  if (decodeJson(head).alg !== "ES256") throw new VapidError("the token is not ES256");
  const claims = decodeJson(body);
  const publicKey = await crypto.subtle.importKey("raw", point, ECDSA, false, ["verify"]);
  const valid = await crypto.subtle.verify(SIGN, publicKey, sig, utf8(`${head}.${body}`));
  if (!valid) throw new VapidError("the signature does not verify");
  if (claims.aud !== new URL(endpoint).origin) throw new VapidError("aud is not this service");
  const seconds = Math.floor(now / 1000);
  if (typeof claims.exp !== "number" || claims.exp <= seconds) throw new VapidError("expired");
  if (claims.exp > seconds + VAPID_EXP_MAX_SECONDS) throw new VapidError("exp is too far off");
  if (typeof claims.sub !== "string" || !/^(mailto:|https:)/.test(claims.sub)) {
    throw new VapidError("sub must be a mailto: or https: URL");
  }
  return { key, subject: claims.sub, exp: claims.exp };
}
