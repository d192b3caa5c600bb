/**
 * A user's push subscriptions, one per device, and what was pushed to each device: kept in
 * the user's session (its SQLite), beside the sockets and the inbox the push decision reads,
 * so deciding costs no call out. `push_marks` holds, per device and room, the newest seq
 * pushed (a job for it or an older seq is never sent again: one push per (room, seq,
 * device)) and whether that notification may still be showing (`open`), so a later push can
 * close it once the room is read.
 */
import type { Subscription } from "../push/request";
import { num, str } from "../storage/rows";

/** A device's subscription: where to push and the keys to encrypt to. */
export interface StoredSubscription extends Subscription {
  deviceId: string;
}

export class PushStore {
  /** The devices with a subscription, once read. */
  private devices: Set<string> | null = null;

  constructor(private readonly sql: SqlStorage) {}

  /** The devices with a subscription (the hot path of every delivery asks this). */
  subscribed(): ReadonlySet<string> {
    this.devices ??= new Set(
      this.sql
        .exec("SELECT device_id FROM push_subscriptions")
        .toArray()
        .map((row) => str(row, "device_id")),
    );
    return this.devices;
  }

  get(deviceId: string): StoredSubscription | null {
    const row = this.sql
      .exec("SELECT * FROM push_subscriptions WHERE device_id = ?", deviceId)
      .toArray()[0];
    return row
      ? {
          deviceId,
          endpoint: str(row, "endpoint"),
          p256dh: str(row, "p256dh"),
          auth: str(row, "auth"),
        }
      : null;
  }

  /**
   * Records a device's subscription, replacing its earlier one. A new endpoint is a new
   * browser subscription: what was pushed before went elsewhere, so the marks go.
   */
  save(subscription: StoredSubscription, now: number): void {
    const { deviceId, endpoint, p256dh, auth } = subscription;
    if (this.get(deviceId)?.endpoint !== endpoint) {
      this.sql.exec("DELETE FROM push_marks WHERE device_id = ?", deviceId);
    }
    this.sql.exec(
      `INSERT INTO push_subscriptions (device_id, endpoint, p256dh, auth, created_at)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (device_id) DO UPDATE SET endpoint = excluded.endpoint,
         p256dh = excluded.p256dh, auth = excluded.auth, created_at = excluded.created_at`,
      deviceId,
      endpoint,
      p256dh,
      auth,
      now,
    );
    this.subscribed();
    this.devices?.add(deviceId);
  }

  /**
   * Removes a device's subscription, and its marks; with `endpoint`, only if it is still
   * that one (a push service's 410 must not drop a subscription made since). True when one
   * was removed.
   */
  remove(deviceId: string, endpoint?: string): boolean {
    const current = this.get(deviceId);
    if (!current || (endpoint !== undefined && current.endpoint !== endpoint)) return false;
    this.sql.exec("DELETE FROM push_subscriptions WHERE device_id = ?", deviceId);
    this.sql.exec("DELETE FROM push_marks WHERE device_id = ?", deviceId);
    this.devices?.delete(deviceId);
    return true;
  }

  /** The newest seq of `roomId` pushed to the device (0 for none). */
  pushedSeq(deviceId: string, roomId: string): number {
    const row = this.sql
      .exec("SELECT seq FROM push_marks WHERE device_id = ? AND room_id = ?", deviceId, roomId)
      .toArray()[0];
    return row ? num(row, "seq") : 0;
  }

  /**
   * Rooms other than `roomId` whose notification may still show on the device although the
   * user has read up to what it announced: the next push to the device closes them.
   */
  toClose(deviceId: string, roomId: string, limit: number): string[] {
    return this.sql
      .exec(
        `SELECT m.room_id FROM push_marks m JOIN rooms r ON r.room_id = m.room_id
         WHERE m.device_id = ? AND m.open = 1 AND m.room_id != ? AND r.read_seq >= m.seq
         ORDER BY m.pushed_at LIMIT ?`,
        deviceId,
        roomId,
        limit,
      )
      .toArray()
      .map((row) => str(row, "room_id"));
  }

  /** Records a push of `roomId` at `seq` to the device, which also closed `closed`. */
  recordSent(deviceId: string, roomId: string, seq: number, closed: string[], now: number): void {
    this.sql.exec(
      `INSERT INTO push_marks (device_id, room_id, seq, open, pushed_at) VALUES (?, ?, ?, 1, ?)
       ON CONFLICT (device_id, room_id) DO UPDATE SET seq = MAX(seq, excluded.seq), open = 1,
         pushed_at = excluded.pushed_at`,
      deviceId,
      roomId,
      seq,
      now,
    );
    for (const room of closed) {
      this.sql.exec(
        "UPDATE push_marks SET open = 0 WHERE device_id = ? AND room_id = ?",
        deviceId,
        room,
      );
    }
  }

  /** Forgets what is in memory (after a failed transaction). */
  forget(): void {
    this.devices = null;
  }
}

/** The push tables, a migration of the session's schema (src/session/store.ts). */
export const PUSH_TABLES = [
  `CREATE TABLE IF NOT EXISTS push_subscriptions (
     device_id TEXT PRIMARY KEY, endpoint TEXT NOT NULL, p256dh TEXT NOT NULL,
     auth TEXT NOT NULL, created_at INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS push_marks (
     device_id TEXT NOT NULL, room_id TEXT NOT NULL, seq INTEGER NOT NULL,
     open INTEGER NOT NULL, pushed_at INTEGER NOT NULL, PRIMARY KEY (device_id, room_id))`,
];
