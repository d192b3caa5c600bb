/**
 * Delivery progress: how far each member's session has the room's messages
 * (`delivered_seq`) and read watermark (`read_sent`). The one place that decides when it
 * reaches SQLite. A delivery records it here, in memory; it is written, all members in one
 * statement each and one transaction:
 * - at most `FANOUT_PROGRESS_FLUSH_MS` after the first unwritten delivery (the `writeLater`
 *   the room object gives its store);
 * - when the room's alarm runs;
 * - before any change to the members table and before a trim reads it, in that change's
 *   transaction (RoomStore and archive.ts call {@link DeliveryProgress.write}).
 * Until then readers of the members table see it through {@link DeliveryProgress.of}.
 * Losing the unwritten part (an eviction, a failed transaction) costs only a redelivery,
 * which sessions drop: progress in SQLite is never ahead of what was delivered.
 */
export interface Progress {
  deliveredSeq: number;
  /** The read watermark the member's session has. */
  readSent: number;
}

export class DeliveryProgress {
  private readonly unwritten = new Map<string, Progress>();
  /** Set once a write is asked for and until it happens. */
  private writeAsked = false;

  /**
   * `writeLater` is handed a function that writes the progress in its own transaction; it
   * calls it `FANOUT_PROGRESS_FLUSH_MS` later. None: only the other moments write.
   */
  constructor(
    private readonly sql: SqlStorage,
    private readonly writeLater: ((write: () => void) => void) | null,
    private readonly transaction: (fn: () => void) => void,
  ) {}

  /** A member's session has messages up to `seq` and read watermark `readSeq`. */
  record(userId: string, seq: number, readSeq: number): void {
    const known = this.unwritten.get(userId);
    this.unwritten.set(userId, {
      deliveredSeq: Math.max(known?.deliveredSeq ?? seq, seq),
      readSent: Math.max(known?.readSent ?? readSeq, readSeq),
    });
    if (this.writeAsked || !this.writeLater) return;
    this.writeAsked = true;
    this.writeLater(() => this.transaction(() => this.write()));
  }

  /** A member's progress as stored, moved on by what is not written yet (never back). */
  of<T extends Progress>(userId: string, stored: T): T {
    const known = this.unwritten.get(userId);
    if (!known) return stored;
    return {
      ...stored,
      deliveredSeq: Math.max(stored.deliveredSeq, known.deliveredSeq),
      readSent: Math.max(stored.readSent, known.readSent),
    };
  }

  /** True while some progress is in memory only. */
  unflushed(): boolean {
    return this.unwritten.size > 0;
  }

  /** Writes the progress held in memory. Call inside a transaction; {@link forget} if it fails. */
  write(): void {
    this.writeAsked = false;
    for (const [userId, { deliveredSeq, readSent }] of this.unwritten) {
      this.sql.exec(
        `UPDATE members SET delivered_seq = MAX(delivered_seq, ?), read_sent = MAX(read_sent, ?)
         WHERE user_id = ?`,
        deliveredSeq,
        readSent,
        userId,
      );
    }
    this.unwritten.clear();
  }

  /** Drops the unwritten progress (after a rolled-back transaction): the members lag again. */
  forget(): void {
    this.unwritten.clear();
  }
}
