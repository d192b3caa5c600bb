/**
 * Room sockets as data: what each one's attachment holds, which devices of a member were sent
 * which messages live, who must be disconnected after a membership change, and what a frame
 * from a device asks for (a `send`, an `edit`, a `delete` or a `react`, to this room). Pure, so the
 * rules are tested without sockets; src/durable/room-sockets.ts applies them.
 */
import * as v from "valibot";
import {
  type ChatMessage,
  changeOf,
  type ErrorCode,
  parseClientFrame,
  type Reply,
  refusal,
  type Write,
} from "../protocol";

/** Stored in each room socket's attachment (survives hibernation). */
export const LiveAttachment = v.object({
  userId: v.string(),
  deviceId: v.string(),
  /** The room's last seq when the socket opened: every later message was sent on it. */
  fromSeq: v.number(),
  connectedAt: v.number(),
});
export type LiveAttachment = v.InferOutput<typeof LiveAttachment>;

export function readLiveAttachment(value: unknown): LiveAttachment | null {
  const parsed = v.safeParse(LiveAttachment, value);
  return parsed.success ? parsed.output : null;
}

/**
 * For one member: each of their devices with the room open, and the seq after which that
 * device was sent every message live. A device with two room sockets counts from the older.
 */
export function liveFrom(
  sockets: readonly (LiveAttachment | null)[],
  userId: string,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const socket of sockets) {
    if (!socket || socket.userId !== userId) continue;
    const known = out[socket.deviceId];
    out[socket.deviceId] = known === undefined ? socket.fromSeq : Math.min(known, socket.fromSeq);
  }
  return out;
}

/** Members whose membership these messages end: their room sockets must close. */
export function departed(messages: readonly ChatMessage[]): string[] {
  const out = new Set<string>();
  for (const { system } of messages) {
    if (system?.type === "left" || system?.type === "removed") out.add(system.userId);
    if (system?.type === "joined") for (const id of system.userIds) out.delete(id);
  }
  return [...out];
}

/**
 * Beyond `max` sockets of one user, the oldest make way for a new one: the sockets to close,
 * oldest first.
 */
export function overLimit<T extends { attachment: LiveAttachment | null }>(
  sockets: readonly T[],
  userId: string,
  max: number,
): T[] {
  const mine = sockets
    .filter((s) => s.attachment?.userId === userId)
    .sort((a, b) => (a.attachment?.connectedAt ?? 0) - (b.attachment?.connectedAt ?? 0));
  return mine.slice(0, Math.max(0, mine.length - max + 1));
}

/** What a room socket's frame asks the room for. */
export type RoomSocketCommand =
  | Reply
  | ({ type: "send"; ref?: string; clientMsgId: string } & Write);

/**
 * Parses one frame from a room socket. Only what writes to this room (a message or a change
 * to one) is taken here; every other
 * frame belongs on the session socket and is answered with an error naming it. Every answer
 * carries the frame's `id` as `ref`.
 */
export function roomSocketCommand(
  raw: string | ArrayBuffer,
  maxFrameBytes: number,
  roomId: string,
): RoomSocketCommand {
  const parsed = parseClientFrame(raw, maxFrameBytes);
  if (!parsed.ok) return refusal(parsed);
  const frame = parsed.value;
  const ref = frame.id ? { ref: frame.id } : {};
  const refuse = (code: ErrorCode, message: string): RoomSocketCommand => ({
    type: "reply",
    frames: [{ type: "error", ...ref, code, message }],
  });
  if (
    frame.type !== "send" &&
    frame.type !== "edit" &&
    frame.type !== "delete" &&
    frame.type !== "react"
  ) {
    return refuse(
      "unknown_frame",
      `a room socket takes only "send", "edit", "delete" and "react"; send "${frame.type}" on the session socket`,
    );
  }
  if (frame.roomId !== roomId)
    return refuse("bad_request", "this socket sends only to its own room");
  const { clientMsgId } = frame;
  if (frame.type !== "send") {
    return { type: "send", ...ref, clientMsgId, change: changeOf(frame) };
  }
  const { body, attachments, replyTo } = frame;
  return {
    type: "send",
    ...ref,
    clientMsgId,
    body,
    ...(attachments ? { attachments } : {}),
    ...(replyTo !== undefined ? { replyTo } : {}),
  };
}
