/**
 * "Delete for me" (issue 22): a member hides a message from their own views only. The room
 * keeps who hid what, so that member's history pages carry the message in its hidden form
 * (src/protocol/changes.ts `hiddenForm`) on every device, a new one included; the others see
 * it whole. A hidden message stays hidden.
 */
import { type ChatMessage, hiddenForm, MESSAGE_KIND_RULES } from "../protocol";
import { activeMember, fail, notFound, ok, type Result, type RoomContext } from "./context";

/** The room's table of messages members hid from themselves. */
export class HiddenMessages {
  constructor(private readonly sql: SqlStorage) {}

  /** Records that `userId` hid `seq`. */
  add(userId: string, seq: number, now: number): void {
    this.sql.exec(
      "INSERT OR IGNORE INTO hidden_for (user_id, seq, hidden_at) VALUES (?, ?, ?)",
      userId,
      seq,
      now,
    );
  }

  /** `messages` as `userId` sees them: those they hid in their hidden form. */
  mark(userId: string, messages: ChatMessage[]): ChatMessage[] {
    if (messages.length === 0) return messages;
    const seqs = messages.map((m) => m.seq);
    const hidden = new Set(
      this.sql
        .exec(
          "SELECT seq FROM hidden_for WHERE user_id = ? AND seq BETWEEN ? AND ?",
          userId,
          Math.min(...seqs),
          Math.max(...seqs),
        )
        .toArray()
        .map((row) => Number(row.seq)),
    );
    if (hidden.size === 0) return messages;
    return messages.map((m) => (hidden.has(m.seq) ? hiddenForm(m) : m));
  }
}

/**
 * Hides the message at `seq` from `actor`'s views. `target` is the message as the room or
 * its archive holds it (null when neither does). Answers the room's id.
 */
export function hideMessage(
  ctx: RoomContext,
  actor: string,
  seq: number,
  target: ChatMessage | null,
): Result<{ roomId: string }> {
  const room = ctx.store.room();
  if (!room || !activeMember(ctx, actor)) return notFound();
  if (!target || seq > room.lastSeq)
    return fail("invalid_target", `this room has no message ${seq}`);
  if (MESSAGE_KIND_RULES[target.kind].event) {
    return fail("invalid_target", `a ${target.kind} event is not shown, so not hidden`);
  }
  ctx.transaction(() => ctx.store.hidden.add(actor, seq, ctx.now));
  return ok({ roomId: room.id });
}
