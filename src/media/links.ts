/**
 * File links: a path that serves one file to one user until it expires, fetched without a
 * bearer (an `<img src>` sends none). The signature is HMAC-SHA256 under the token secret,
 * over a message no access token can be (they hold no NUL); the access check runs again on
 * every fetch (./access.ts), so a link of someone who left a room stops serving at once.
 */
import { base64url, fromBase64url, utf8 } from "../auth/encoding";
import { hmacKey } from "../auth/tokens";
import type { MediaLink } from "../protocol";

const message = (id: string, userId: string, expires: number) =>
  utf8(`media-link\0${id}\0${userId}\0${expires}`);

/** A link to file `id` for `userId`, serving for `ttlSeconds` from `nowMs`. */
export async function makeLink(
  secret: string,
  id: string,
  userId: string,
  nowMs: number,
  ttlSeconds: number,
): Promise<MediaLink> {
  const expires = Math.floor(nowMs / 1000) + ttlSeconds;
  const key = await hmacKey(secret);
  const signature = base64url(
    new Uint8Array(await crypto.subtle.sign("HMAC", key, message(id, userId, expires))),
  );
  const query = new URLSearchParams({ u: userId, e: String(expires), s: signature });
  return { id, url: `/api/media/${id}/file?${query}`, expiresAt: expires * 1000 };
}

/** Whether a link's `u`, `e` and `s` are one made for file `id` and it still serves. */
export async function linkValid(
  secret: string,
  id: string,
  link: { u: string; e: string; s: string },
  nowMs: number,
): Promise<boolean> {
  const expires = Number(link.e);
  if (!(expires * 1000 > nowMs)) return false;
  const signature = fromBase64url(link.s);
  if (!signature) return false;
  const key = await hmacKey(secret);
  return crypto.subtle.verify("HMAC", key, signature, message(id, link.u, expires));
}
