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
