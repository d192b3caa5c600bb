/**
 * Unread counts in three index lookups, however long the room: every message row carries
 * running counts (messages people wrote up to its seq, and its sender's own), so the count
 * in (readSeq, upTo] is a difference of two lookups minus the reader's own share. Counts carry
 * forward on every row, so "the newest row at or before seq" answers for any seq.
 *
 * Once the oldest messages are trimmed (archived to D1), the counts at the trim point live
 * in `room.text_base` and `sender_base`. A reader whose watermark is older than the trim
 * point is counted from it: exact within the retention window, a floor beyond it.
 */
import type { ChatMessage } from "../protocol";
import { num } from "../storage/rows";

/** Whether `message` counts toward `userId`'s unread: someone else wrote it (not the system). */
export function countsAsUnread(message: ChatMessage, userId: string): boolean {
  return message.kind !== "system" && message.senderId !== userId;
}

export class Counts {
  constructor(private readonly sql: SqlStorage) {}

  unreadFor(userId: string, readSeq: number, upTo: number): number {
    const from = Math.min(readSeq, upTo);
    const texts = this.textCountAt(upTo) - this.textCountAt(from);
    const own = this.senderCountAt(userId, upTo) - this.senderCountAt(userId, from);
    return texts - own;
  }

  /** Messages people wrote with seq <= `seq` (at the trim point for anything older). */
  textCountAt(seq: number): number {
    if (seq <= 0) return 0;
    const row = this.sql
      .exec("SELECT text_count FROM messages WHERE seq <= ? ORDER BY seq DESC LIMIT 1", seq)
      .toArray()[0];
    return row ? num(row, "text_count") : this.textBase();
  }

  /** Messages `senderId` wrote with seq <= `seq` (at the trim point for anything older). */
  senderCountAt(senderId: string, seq: number): number {
    if (seq <= 0) return 0;
    const row = this.sql
      .exec(
        `SELECT sender_count FROM messages WHERE sender_id = ? AND seq <= ?
         ORDER BY seq DESC LIMIT 1`,
        senderId,
        seq,
      )
      .toArray()[0];
    if (row) return num(row, "sender_count");
    const base = this.sql
      .exec("SELECT count FROM sender_base WHERE sender_id = ?", senderId)
      .toArray()[0];
    return base ? num(base, "count") : 0;
  }

  /**
   * Records the counts at `trimTo` before the rows up to it are deleted. Call in the same
   * transaction as the delete.
   */
  rebase(trimTo: number): void {
    this.sql.exec(
      "UPDATE room SET text_base = (SELECT text_count FROM messages WHERE seq = ?1) WHERE EXISTS (SELECT 1 FROM messages WHERE seq = ?1)",
      trimTo,
    );
    this.sql.exec(
      `INSERT INTO sender_base (sender_id, count)
       SELECT sender_id, MAX(sender_count) FROM messages
       WHERE seq <= ? AND sender_id IS NOT NULL GROUP BY sender_id
       ON CONFLICT (sender_id) DO UPDATE SET count = MAX(count, excluded.count)`,
      trimTo,
    );
  }

  private textBase(): number {
    const row = this.sql.exec("SELECT text_base FROM room").toArray()[0];
    return row ? num(row, "text_base") : 0;
  }
}
