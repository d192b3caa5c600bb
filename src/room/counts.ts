/**
 * Unread counts in three index lookups, however long the room: every message row carries
 * running counts (messages people wrote up to its seq, and its sender's own), so the count
 * in (readSeq, upTo] is a difference of two lookups minus the reader's own share. Counts carry
 * forward on every row, so "the newest row at or before seq" answers for any seq.
 *
 * Once the oldest messages are trimmed (archived to D1), the counts at the trim point live
 * in `room.text_base` and `sender_base`, and the seqs of the trimmed system messages in
 * `trimmed_system`, which is never trimmed (system messages are few). Seqs are gap-free, so
 * below the trim point T the messages people wrote up to x are
 * `text_base - (T - x) + (system messages in (x, T])`: exact for any x.
 *
 * A reader's own messages below T are not known per seq, only their total at T. None is
 * needed: sending marks the sender's read watermark up to their message (room.send), so a
 * member's own messages all lie at or below their watermark, and a count from the watermark
 * has none of them below T to take away.
 *
 * A room trimmed before `trimmed_system` existed lacks the system seqs up to
 * `room.system_unknown_to` until its alarm fetches them from D1 ({@link Counts.learnSystem});
 * until then a watermark below that point is counted from it, a floor.
 */
import { num } from "../storage/rows";

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

  /** Messages people wrote with seq <= `seq`. */
  textCountAt(seq: number): number {
    if (seq <= 0) return 0;
    if (this.newest && seq >= this.newest.seq) return this.newest.text;
    const row = this.sql
      .exec("SELECT text_count FROM messages WHERE seq <= ? ORDER BY seq DESC LIMIT 1", seq)
      .toArray()[0];
    return row ? num(row, "text_count") : this.trimmedTextCountAt(seq);
  }

  /**
   * {@link textCountAt} for a seq at or below the trim point, whose row is gone: back from
   * the count at the trim point by the messages in between that are not system messages.
   * Counted from `system_unknown_to` when `seq` is below it (a floor, until the backfill).
   */
  private trimmedTextCountAt(seq: number): number {
    const row = this.sql
      .exec(
        `SELECT text_base - (trimmed_to - x)
           + (SELECT COUNT(*) FROM trimmed_system WHERE seq > x AND seq <= trimmed_to) AS n
         FROM (SELECT text_base, trimmed_to,
                 MIN(MAX(?, system_unknown_to), trimmed_to) AS x FROM room)`,
        seq,
      )
      .toArray()[0];
    return row ? num(row, "n") : 0;
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
   * Records the counts at `trimTo`, and the seqs of the system messages up to it, before the
   * rows up to it are deleted. Call in the same transaction as the delete.
   */
  rebase(trimTo: number): void {
    this.sql.exec(
      "INSERT OR IGNORE INTO trimmed_system (seq) SELECT seq FROM messages WHERE seq <= ? AND kind = 'system'",
      trimTo,
    );
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

  /**
   * The seq up to which trimmed system messages are not known here (a room trimmed before
   * they were kept); 0 when none is missing.
   */
  systemUnknownTo(): number {
    const row = this.sql.exec("SELECT system_unknown_to FROM room").toArray()[0];
    return row ? num(row, "system_unknown_to") : 0;
  }

  /**
   * Records trimmed system messages fetched from the archive: `seqs`, every system message
   * in [`from`, system_unknown_to] (`from` 0 when they reach back to the start). Idempotent.
   * Returns {@link systemUnknownTo} as it is now.
   */
  learnSystem(seqs: readonly number[], from: number): number {
    this.sql.exec(
      "INSERT OR IGNORE INTO trimmed_system (seq) SELECT value FROM json_each(?)",
      JSON.stringify(seqs),
    );
    const row = this.sql
      .exec(
        "UPDATE room SET system_unknown_to = MIN(system_unknown_to, ?) RETURNING system_unknown_to",
        Math.max(0, from - 1),
      )
      .toArray()[0];
    return row ? num(row, "system_unknown_to") : 0;
  }
}
