/**
 * The user's signed-out devices, as this session has heard of them. Revocation lives in D1;
 * the session keeps its own record so that it refuses such a device at once, at no D1
 * cost: frames on a socket whose close was lost, HTTP calls with an access token that has
 * not expired yet, and sends on room sockets reported to it (see src/room/send-debits.ts).
 * A handful of rows per user, read from SQLite on each check.
 */
export class RevokedDevices {
  constructor(private readonly sql: SqlStorage) {}

  has(deviceId: string): boolean {
    return (
      this.sql.exec("SELECT 1 FROM revoked_devices WHERE device_id = ?", deviceId).toArray()
        .length > 0
    );
  }

  /** Records a revocation. Call inside a transaction. */
  add(deviceId: string, now: number): void {
    this.sql.exec(
      "INSERT INTO revoked_devices (device_id, revoked_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
      deviceId,
      now,
    );
  }
}
