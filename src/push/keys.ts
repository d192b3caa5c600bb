/**
 * The server's VAPID key pair, from the secrets `VAPID_PUBLIC_KEY` (the 65-byte uncompressed
 * P-256 point, base64url) and `VAPID_PRIVATE_KEY` (the 32-byte private scalar, base64url):
 * `.dev.vars` locally (scripts/dev-vars.mjs makes them), `wrangler secret put` in
 * production. Without them the server sends no push and the push routes answer 503.
 */
import { base64url, fromBase64url } from "../auth/encoding";
import type { VapidKeys } from "./vapid";

export class VapidKeyError extends Error {
  override name = "VapidKeyError";
}

const cache = new WeakMap<object, Promise<VapidKeys>>();

/** Whether the environment has VAPID keys at all (cheap: no import). */
export function hasVapidKeys(env: { VAPID_PUBLIC_KEY?: unknown; VAPID_PRIVATE_KEY?: unknown }) {
  return typeof env.VAPID_PUBLIC_KEY === "string" && typeof env.VAPID_PRIVATE_KEY === "string";
}

async function importKeys(publicText: string, privateText: string): Promise<VapidKeys> {
  const publicKey = fromBase64url(publicText);
  const d = fromBase64url(privateText);
  if (publicKey?.length !== 65 || publicKey[0] !== 4) {
    throw new VapidKeyError("VAPID_PUBLIC_KEY must be a base64url uncompressed P-256 point");
  }
  if (d?.length !== 32) throw new VapidKeyError("VAPID_PRIVATE_KEY must be 32 bytes, base64url");
  const jwk: JsonWebKey = {
    kty: "EC",
    crv: "P-256",
    d: privateText,
    x: base64url(publicKey.slice(1, 33)),
    y: base64url(publicKey.slice(33)),
  };
  try {
    const privateKey = await crypto.subtle.importKey(
      "jwk",
      jwk,
      { name: "ECDSA", namedCurve: "P-256" },
      false,
      ["sign"],
    );
    return { privateKey, publicKey };
  } catch {
    throw new VapidKeyError("VAPID_PRIVATE_KEY does not match VAPID_PUBLIC_KEY");
  }
}

/** The keys, imported once per environment object; null when there are none. */
export function vapidKeys(env: {
  VAPID_PUBLIC_KEY?: unknown;
  VAPID_PRIVATE_KEY?: unknown;
}): Promise<VapidKeys> | null {
  if (!hasVapidKeys(env)) return null;
  let keys = cache.get(env);
  if (!keys) {
    keys = importKeys(String(env.VAPID_PUBLIC_KEY), String(env.VAPID_PRIVATE_KEY));
    cache.set(env, keys);
  }
  return keys;
}
