/**
 * Web Push: the subscription a device registers, the server's VAPID key, and the payload a
 * service worker decrypts from a push (docs/protocol.md, "Push notifications").
 */
import * as v from "valibot";
import { fromBase64url } from "../auth/encoding";
import { LIMITS } from "./common";

/** Base64url without padding, as `PushSubscription.toJSON()` gives keys. */
const base64url = (name: string, bytes: number) =>
  v.pipe(
    v.string(`${name} must be a string`),
    v.regex(/^[A-Za-z0-9_-]*$/, `${name} must be base64url`),
    v.check((s) => fromBase64url(s)?.length === bytes, `${name} must encode ${bytes} bytes`),
  );

/**
 * `PUT /api/push/subscription`: exactly what `PushSubscription.toJSON()` gives. The endpoint
 * must be https (and a known push service, `PUSH_SERVICES`, which the route checks).
 */
export const PushSubscriptionBody = v.strictObject({
  endpoint: v.pipe(
    v.string("endpoint must be a string"),
    v.maxLength(LIMITS.pushEndpointMax, `endpoint is longer than ${LIMITS.pushEndpointMax}`),
    v.url("endpoint must be a URL"),
  ),
  expirationTime: v.optional(v.nullable(v.number("expirationTime must be a number or null"))),
  keys: v.strictObject({
    /** The device's P-256 public key, uncompressed (65 bytes, starting 0x04). */
    p256dh: v.pipe(
      base64url("keys.p256dh", 65),
      v.startsWith("B", "keys.p256dh must be an uncompressed P-256 point"),
    ),
    /** The device's authentication secret (16 bytes). */
    auth: base64url("keys.auth", 16),
  }),
});
export type PushSubscriptionBody = v.InferOutput<typeof PushSubscriptionBody>;

/** `GET /api/push/key`: the server's VAPID public key (65 bytes, base64url). */
export interface PushKey {
  publicKey: string;
}

/** Whether the calling device has a push subscription. */
export interface PushSubscriptionState {
  subscribed: boolean;
  endpoint: string | null;
}

/** The version of {@link PushPayload}; a service worker shows a plain notice for another. */
export const PUSH_PAYLOAD_VERSION = 1;

/** What a push carries, encrypted to the device (RFC 8291), as JSON. */
export interface PushPayload {
  v: typeof PUSH_PAYLOAD_VERSION;
  roomId: string;
  seq: number;
  title: string;
  body: string;
  /** One notification per room: a newer one replaces it. */
  tag: string;
  /** The app's path of the room, to open on a click. */
  url: string;
  /** The room's unread count. */
  unread: number;
  /** The user's unread count over every room, for the app badge. */
  badge: number;
  /** Rooms whose notification to close: read since, on some device. */
  close: string[];
  /** When the message was sent (ms). */
  at: number;
}

/** A room's notification tag. */
export const pushTag = (roomId: string): string => `room:${roomId}`;

/** The web app's path of a room. */
export const roomPath = (roomId: string): string => `/rooms/${encodeURIComponent(roomId)}`;

/** The room a notification's tag is about (see {@link pushTag}), or null for another tag. */
export function tagRoom(tag: string): string | null {
  return tag.startsWith("room:") ? tag.slice("room:".length) : null;
}

/** `text` cut to `max` characters (code points), "…" included when it is cut. */
export function cutText(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}

/** The words a notice needs when it shows no text: English on the server, the reader's in a client. */
export interface NoticeWords {
  newMessage: string;
  /** "{count} new messages". */
  newMessages: (count: number) => string;
}

/**
 * What a notice of a new message says, for a push and for a notice from a tab alike: the
 * text (in a group after the sender's name) cut to `maxChars`, or with previews off only
 * that there are new messages.
 */
export function noticeBody(
  input: { group: boolean; senderName: string; text: string; unread: number; previews: boolean },
  maxChars: number,
  words: NoticeWords,
): string {
  if (!input.previews) return input.unread > 1 ? words.newMessages(input.unread) : words.newMessage;
  return cutText(input.group ? `${input.senderName}: ${input.text}` : input.text, maxChars);
}
