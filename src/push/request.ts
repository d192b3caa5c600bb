/**
 * One push as an HTTP request to a push service (RFC 8030): the payload encrypted to the
 * device (RFC 8291), signed (RFC 8292), with the headers that make a push service hold at
 * most one pending push per room; and what the service's answer means.
 */
import { base64url, fromBase64url, utf8 } from "../auth/encoding";
import { encryptPush } from "./aes128gcm";
import { type VapidKeys, vapidAuthorization } from "./vapid";

export interface Subscription {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface PushOptions {
  vapid: VapidKeys;
  subject: string;
  ttlSeconds: number;
  /** The room: a push replaces a pending one of the same topic. */
  roomId: string;
  now: number;
}

/** A `Topic` for a room: at most 32 base64url characters (RFC 8030, section 5.4). */
export async function roomTopic(roomId: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", utf8(roomId)));
  return base64url(digest).slice(0, 32);
}

export async function pushRequest(
  subscription: Subscription,
  payload: Uint8Array<ArrayBuffer>,
  options: PushOptions,
): Promise<Request> {
  const p256dh = fromBase64url(subscription.p256dh);
  const auth = fromBase64url(subscription.auth);
  if (!p256dh || !auth) throw new Error("a stored subscription has keys that are not base64url");
  const body = await encryptPush(payload, { p256dh, auth });
  return new Request(subscription.endpoint, {
    method: "POST",
    headers: {
      Authorization: await vapidAuthorization(
        subscription.endpoint,
        options.vapid,
        options.subject,
        options.now,
      ),
      "Content-Encoding": "aes128gcm",
      "Content-Type": "application/octet-stream",
      TTL: String(options.ttlSeconds),
      Urgency: "high",
      Topic: await roomTopic(options.roomId),
    },
    body,
  });
}

/** What a push service's answer means for the subscription and the job. */
export type PushOutcome =
  | { kind: "sent" }
  /** The subscription is gone (404, 410): delete it. */
  | { kind: "gone" }
  /** Try again later (429, 5xx, no answer), after `afterSeconds` when the service said. */
  | { kind: "retry"; afterSeconds: number | null }
  /** Refused for good (another 4xx): retrying would not help. */
  | { kind: "failed"; status: number };

/** `Retry-After` as seconds from `now`: a number of seconds or an HTTP date. */
export function retryAfterSeconds(header: string | null, now: number): number | null {
  if (header === null) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

export function outcomeOf(response: Response, now: number): PushOutcome {
  const { status } = response;
  if (status >= 200 && status < 300) return { kind: "sent" };
  if (status === 404 || status === 410) return { kind: "gone" };
  if (status === 429 || status >= 500) {
    return {
      kind: "retry",
      afterSeconds: retryAfterSeconds(response.headers.get("Retry-After"), now),
    };
  }
  return { kind: "failed", status };
}
