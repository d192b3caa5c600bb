import type { LoggedFrame, MessageRefFrame, ServerFrame } from "../protocol";

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
 * What one device is sent of a delivery's new events. Messages it was already sent live on
 * a room socket (`live[deviceId]` is the seq after which it got every message of the room)
 * are not sent again: a run of them becomes one `message_ref` naming the last, whose `useq`
 * moves the device's cursor past the whole run. Anything else goes whole, in log order.
 */
export function forDevice(
  frames: readonly LoggedFrame[],
  live: Readonly<Record<string, number>>,
  deviceId: string,
): ServerFrame[] {
  const from = Object.hasOwn(live, deviceId) ? live[deviceId] : undefined;
  if (from === undefined) return [...frames];
  const out: ServerFrame[] = [];
  for (const frame of frames) {
    if (frame.type !== "message" || frame.message.seq <= from) {
      out.push(frame);
      continue;
    }
    const ref: MessageRefFrame = {
      type: "message_ref",
      useq: frame.useq,
      roomId: frame.room.id,
      seq: frame.message.seq,
    };
    const last = out.at(-1);
    // The previous frame is a reference to the same room: this one extends the run.
    if (last?.type === "message_ref" && last.roomId === ref.roomId) out[out.length - 1] = ref;
    else out.push(ref);
  }
  return out;
}
