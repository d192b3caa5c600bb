/**
 * The user's signed-out devices, as this session has heard of them. Revocation lives in D1;
 * the session keeps its own record so that it refuses such a device at once, at no D1
 * cost: frames on a socket whose close was lost, HTTP calls with an access token that has
 * not expired yet, and sends on room sockets reported to it (see src/room/send-debits.ts).
 * A handful of rows per user; loaded once per instance.
 */
import { str } from "../storage/rows";

export class RevokedDevices {
  private ids: Set<string> | null = null;

  constructor(private readonly sql: SqlStorage) {}

  has(deviceId: string): boolean {
    return this.all().has(deviceId);
  }

  /** Records a revocation. Call inside a transaction. */
  add(deviceId: string, now: number): void {
    this.sql.exec(
      "INSERT INTO revoked_devices (device_id, revoked_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
      deviceId,
      now,
    );
    this.all().add(deviceId);
  }

  /** Forgets what is in memory (after a failed transaction). */
  forget(): void {
    this.ids = null;
  }

  private all(): Set<string> {
    this.ids ??= new Set(
      this.sql
        .exec("SELECT device_id FROM revoked_devices")
        .toArray()
        .map((row) => str(row, "device_id")),
    );
    return this.ids;
  }
}
