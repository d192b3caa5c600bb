/**
 * Each device's cursor: the furthest event of the user's log it reported having. Its one use
 * is the "delivered" mark of direct rooms (what any device newly has). A connected device
 * reports every few hundred milliseconds while messages flow, and a write per report was a
 * commit per report; so reports live in memory and the rows are written with the session's
 * next write (see {@link DeviceCursors.flush}). Losing unwritten reports (an eviction, a
 * failed transaction) costs only "delivered" marks sent again, which rooms ignore.
 */
import { num, str } from "../storage/rows";

export class DeviceCursors {
  /** deviceId → cursor, loaded on first use; null after {@link forget}. */
  private cursors: Map<string, number> | null = null;
  /** Devices whose cursor moved since the last flush, and when. */
  private readonly unwritten = new Map<string, number>();

  constructor(private readonly sql: SqlStorage) {}

  /** The cursor a device last reported, or null when it never did. */
  get(deviceId: string): number | null {
    return this.all().get(deviceId) ?? null;
  }

  /** The furthest any device of this user has got (0 before any). */
  max(): number {
    let max = 0;
    for (const cursor of this.all().values()) max = Math.max(max, cursor);
    return max;
  }

  /**
   * Records a report; a cursor never moves back. Returns how far the furthest cursor of any
   * device moved, `(after, upTo]`, or null when it did not: what the user newly has.
   */
  set(deviceId: string, cursor: number, now: number): { after: number; upTo: number } | null {
    const all = this.all();
    if ((all.get(deviceId) ?? -1) >= cursor) return null;
    const after = this.max();
    all.set(deviceId, cursor);
    this.unwritten.set(deviceId, now);
    return cursor > after ? { after, upTo: cursor } : null;
  }

  unflushed(): boolean {
    return this.unwritten.size > 0;
  }

  /** Writes the reports kept in memory. Call inside a transaction; {@link forget} if it fails. */
  flush(): void {
    const all = this.all();
    for (const [deviceId, at] of this.unwritten) {
      this.sql.exec(
        `INSERT INTO devices (device_id, cursor, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (device_id) DO UPDATE SET cursor = MAX(cursor, ?2), updated_at = ?3`,
        deviceId,
        all.get(deviceId) ?? 0,
        at,
      );
    }
    this.unwritten.clear();
  }

  /** Drops the copy in memory: the next read loads what is stored. */
  forget(): void {
    this.cursors = null;
    this.unwritten.clear();
  }

  private all(): Map<string, number> {
    if (this.cursors === null) {
      this.cursors = new Map(
        this.sql
          .exec("SELECT device_id, cursor FROM devices")
          .toArray()
          .map((row) => [str(row, "device_id"), num(row, "cursor")] as const),
      );
    }
    return this.cursors;
  }
}
