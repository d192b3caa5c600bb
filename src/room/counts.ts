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

/** The running counts as of the newest message, as far as known (see {@link Counts.newest}). */
interface Newest {
  seq: number;
  text: number;
  /** Sender → their count as of `seq`; a sender not here is read from SQLite once. */
  senders: Map<string, number>;
}

export class Counts {
  /**
   * The counts at the newest message, kept once known: each message's counts build on the
   * last one's, so a send makes no count query. Null when unknown; dropped with a failed
   * transaction. Trimming keeps it: deleting older rows changes no count at the newest.
   */
  private newest: Newest | null = null;

  constructor(private readonly sql: SqlStorage) {}

  /**
   * The counts of the message about to be stored as `seq`: the running counts at `seq - 1`
   * plus this one. Call {@link appended} once its row is written.
   */
  next(seq: number, senderId: string | null, counted: 0 | 1): { text: number; sender: number } {
    return {
      text: this.textCountAt(seq - 1) + counted,
      sender: senderId !== null ? this.senderCountAt(senderId, seq - 1) + counted : 0,
    };
  }

  /** Records the counts of the message just stored as `seq`, the newest. */
  appended(seq: number, senderId: string | null, counts: { text: number; sender: number }): void {
    const newest: Newest =
      this.newest?.seq === seq - 1 ? this.newest : { seq, text: 0, senders: new Map() };
    newest.seq = seq;
    newest.text = counts.text;
    if (senderId !== null) newest.senders.set(senderId, counts.sender);
    this.newest = newest;
  }

  /** Forgets the counts in memory (after a failed transaction). */
  forget(): void {
    this.newest = null;
  }

  unreadFor(userId: string, readSeq: number, upTo: number): number {
    const from = Math.min(readSeq, upTo);
    const texts = this.textCountAt(upTo) - this.textCountAt(from);
    const own = this.senderCountAt(userId, upTo) - this.senderCountAt(userId, from);
    return texts - own;
  }

  /** Messages people wrote with seq <= `seq` (at the trim point for anything older). */
  textCountAt(seq: number): number {
    if (seq <= 0) return 0;
    if (this.newest && seq >= this.newest.seq) return this.newest.text;
    const row = this.sql
      .exec("SELECT text_count FROM messages WHERE seq <= ? ORDER BY seq DESC LIMIT 1", seq)
      .toArray()[0];
    return row ? num(row, "text_count") : this.textBase();
  }

  /** Messages `senderId` wrote with seq <= `seq` (at the trim point for anything older). */
  senderCountAt(senderId: string, seq: number): number {
    if (seq <= 0) return 0;
    const known = this.newest && seq >= this.newest.seq ? this.newest.senders : null;
    const kept = known?.get(senderId);
    if (kept !== undefined) return kept;
    const count = this.senderCountFromRows(senderId, seq);
    known?.set(senderId, count); // counts carry forward: true at the newest seq too
    return count;
  }

  private senderCountFromRows(senderId: string, seq: number): number {
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
