/**
 * What a push says (docs/protocol.md, "What a push carries"), as a pure function: a title and
 * a body from the room, the sender and the user's previews setting, the counts, and the
 * rooms to close, encoded to fit one push.
 */
import { utf8 } from "../auth/encoding";
import {
  cutText,
  type NoticeWords,
  noticeBody,
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

/** The server's words for a notice without text (the push's text is English). */
const WORDS: NoticeWords = {
  newMessage: "New message",
  newMessages: (count) => `${count} new messages`,
};

export function composePayload(input: PayloadInput): PushPayload {
  const { job, room, unread } = input;
  const sender = input.senderName ?? "Someone";
  const direct = room.kind === "direct";
  const title = direct ? sender : (room.title ?? "Group");
  // A post of the chat's object has no sender to name: the title names the object.
  const named = !direct && job.kind !== "object";
  const body =
    job.kind === "added"
      ? `${sender} added you`
      : noticeBody(
          { group: named, senderName: sender, text: job.text, unread, previews: input.previews },
          input.previewChars,
          WORDS,
        );
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
    if (length > 1) current = { ...current, body: cutText(current.body, Math.floor(length / 2)) };
    else if (current.close.length > 0) current = { ...current, close: [] };
    else
      current = {
        ...current,
        title: cutText(current.title, Math.floor([...current.title].length / 2)),
      };
  }
}
