import type { LoggedFrame, ServerFrame } from "../protocol";

/**
 * How a device catches up when it says `hello {cursor}` (the book's
 * `cur_max_message_id`): replay the log after its cursor when the log still holds all of
 * it, otherwise tell it to resync from room history.
 */
export type CatchUp = { kind: "current" } | { kind: "replay" } | { kind: "resync" };

export function planCatchUp(cursor: number, latest: number, oldest: number | null): CatchUp {
  if (cursor === latest) return { kind: "current" };
  // A new device (cursor 0) pages history instead of replaying the whole log; a cursor from
  // the future means this log was lost or the client is confused: start over either way.
  if (cursor === 0 || cursor > latest) return { kind: "resync" };
  if (oldest !== null && cursor >= oldest - 1) return { kind: "replay" };
  return { kind: "resync" };
}

/**
 * What one device is sent of a delivery's new events: a message it was already sent live on
 * a room socket (`live[deviceId]` is the seq after which it got every message of the room)
 * becomes a `message_ref`, which moves its cursor without sending the message twice.
 */
export function forDevice(
  frames: readonly LoggedFrame[],
  live: Readonly<Record<string, number>>,
  deviceId: string,
): ServerFrame[] {
  const from = Object.hasOwn(live, deviceId) ? live[deviceId] : undefined;
  if (from === undefined) return [...frames];
  return frames.map((frame) =>
    frame.type === "message" && frame.message.seq > from
      ? { type: "message_ref", useq: frame.useq, roomId: frame.room.id, seq: frame.message.seq }
      : frame,
  );
}
