/**
 * Each device's cursor: the furthest event of the user's log it reported having. Its one use
 * is the "delivered" mark of direct rooms (what any device newly has). A connected device
 * reports every few hundred milliseconds while messages flow, and a write per report was a
 * commit per report; so reports wait in memory and are written with the session's next
 * write (see {@link DeviceCursors.flush}). Losing unwritten reports (an eviction, a failed
 * transaction) costs only "delivered" marks sent again, which rooms ignore. Stored cursors
 * are read from SQLite each time (see "The ledger of caches" in decision 0004).
 */
import { num } from "../storage/rows";

export class DeviceCursors {
  /** Reports not written yet: deviceId → the cursor and when it was reported. */
  private readonly unwritten = new Map<string, { cursor: number; at: number }>();

  constructor(private readonly sql: SqlStorage) {}

  /** The cursor a device last reported, or null when it never did. */
  get(deviceId: string): number | null {
    const pending = this.unwritten.get(deviceId)?.cursor;
    if (pending !== undefined) return pending; // never behind the stored one (see set)
    const row = this.sql
      .exec("SELECT cursor FROM devices WHERE device_id = ?", deviceId)
      .toArray()[0];
    return row ? num(row, "cursor") : null;
  }

  /** The furthest any device of this user has got (0 before any). */
  max(): number {
    const row = this.sql.exec("SELECT MAX(cursor) AS max FROM devices").toArray()[0];
    let max = typeof row?.max === "number" ? row.max : 0;
    for (const { cursor } of this.unwritten.values()) max = Math.max(max, cursor);
    return max;
  }

  /**
   * Records a report; a cursor never moves back. Returns how far the furthest cursor of any
   * device moved, `(after, upTo]`, or null when it did not: what the user newly has.
   */
  set(deviceId: string, cursor: number, now: number): { after: number; upTo: number } | null {
    if ((this.get(deviceId) ?? -1) >= cursor) return null;
    const after = this.max();
    this.unwritten.set(deviceId, { cursor, at: now });
    return cursor > after ? { after, upTo: cursor } : null;
  }

  unflushed(): boolean {
    return this.unwritten.size > 0;
  }

  /** Writes the reports kept in memory. Call inside a transaction; {@link forget} if it fails. */
  flush(): void {
    for (const [deviceId, { cursor, at }] of this.unwritten) {
      this.sql.exec(
        `INSERT INTO devices (device_id, cursor, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (device_id) DO UPDATE SET cursor = MAX(cursor, ?2), updated_at = ?3`,
        deviceId,
        cursor,
        at,
      );
    }
    this.unwritten.clear();
  }

  /** Drops the reports not written yet (after a failed transaction). */
  forget(): void {
    this.unwritten.clear();
  }
}
