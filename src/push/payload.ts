/**
 * What a push says (docs/protocol.md, "What a push carries"), as a pure function: a title and
 * a body from the room, the sender and the user's previews setting, the counts, and the
 * rooms to close, encoded to fit one push.
 */
import { utf8 } from "../auth/encoding";
import {
  PUSH_PAYLOAD_VERSION,
  type PushPayload,
  pushTag,
  type RoomKind,
  roomPath,
} from "../protocol";
import { PUSH_PLAINTEXT_MAX } from "./aes128gcm";
import type { PushJob } from "./job";

export interface PayloadInput {
  job: PushJob;
  room: { kind: RoomKind; title: string | null };
  /** The display name of `job.from`, when known. */
  senderName: string | null;
  unread: number;
  badge: number;
  close: string[];
  previews: boolean;
  previewChars: number;
}

/** `text` cut to `max` characters (code points), with "…" when cut. */
export function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}

export function composePayload(input: PayloadInput): PushPayload {
  const { job, room, unread } = input;
  const sender = input.senderName ?? "Someone";
  const direct = room.kind === "direct";
  const title = direct ? sender : (room.title ?? "Group");
  let body: string;
  if (job.kind === "added") body = `${sender} added you`;
  else if (!input.previews) body = unread > 1 ? `${unread} new messages` : "New message";
  else body = cut(direct ? job.text : `${sender}: ${job.text}`, input.previewChars);
  return {
    v: PUSH_PAYLOAD_VERSION,
    roomId: job.roomId,
    seq: job.seq,
    title,
    body,
    tag: pushTag(job.roomId),
    url: roomPath(job.roomId),
    unread,
    badge: input.badge,
    close: input.close,
    at: job.at,
  };
}

/**
 * The payload as bytes within what one push carries: should it not fit (long names, many
 * rooms to close), the body is cut, then the rooms to close are dropped.
 */
export function encodePayload(payload: PushPayload): Uint8Array<ArrayBuffer> {
  let current = payload;
  for (;;) {
    const bytes = utf8(JSON.stringify(current));
    if (bytes.length <= PUSH_PLAINTEXT_MAX) return bytes;
    const length = [...current.body].length;
    if (length > 1) current = { ...current, body: cut(current.body, Math.floor(length / 2)) };
    else if (current.close.length > 0) current = { ...current, close: [] };
    else
      current = {
        ...current,
        title: cut(current.title, Math.floor([...current.title].length / 2)),
      };
  }
}
