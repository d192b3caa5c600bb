/**
 * Devices (one per sign-in), their rotating refresh tokens, and single-use socket tickets.
 * Tokens and tickets are stored only as SHA-256 hashes.
 */
import { randomToken, sha256 } from "./encoding";
import type { IssuedRefresh } from "./refresh-tokens";

export async function createDevice(
  db: D1Database,
  userId: string,
  name: string | undefined,
  now: number,
  refreshTtlMs: number,
): Promise<{ deviceId: string; refresh: IssuedRefresh }> {
  const deviceId = crypto.randomUUID();
  const token = randomToken();
  const expiresAt = now + refreshTtlMs;
  await db.batch([
    db
      .prepare(
        `INSERT INTO devices (id, user_id, name, created_at, last_refreshed_at)
         VALUES (?1, ?2, ?3, ?4, ?4)`,
      )
      .bind(deviceId, userId, name ?? null, now),
    db
      .prepare(
        `INSERT INTO refresh_tokens (token_hash, device_id, issued_at, expires_at)
         VALUES (?1, ?2, ?3, ?4)`,
      )
      .bind(await sha256(token), deviceId, now, expiresAt),
  ]);
  return { deviceId, refresh: { token, expiresAt } };
}

/** Revokes a device: its refresh tokens stop working and it can get no more socket tickets. */
export async function revokeDevice(
  db: D1Database,
  deviceId: string,
  reason: "signed_out" | "refresh_token_reused",
  now: number,
): Promise<void> {
  await db.batch([
    db
      .prepare(
        "UPDATE devices SET revoked_at = ?2, revoke_reason = ?3 WHERE id = ?1 AND revoked_at IS NULL",
      )
      .bind(deviceId, now, reason),
    db.prepare("DELETE FROM socket_tickets WHERE device_id = ?").bind(deviceId),
  ]);
}

/**
 * Issues a ticket, or returns null if the device is revoked. The device check and the insert
 * are one statement, and revocation deletes tickets in the same batch that revokes, so no
 * ticket can outlive its device's sign-out.
 */
export async function issueTicket(
  db: D1Database,
  userId: string,
  deviceId: string,
  now: number,
  ttlMs: number,
): Promise<{ ticket: string; expiresAt: number } | null> {
  const ticket = randomToken();
  const expiresAt = now + ttlMs;
  const inserted = await db
    .prepare(
      `INSERT INTO socket_tickets (ticket_hash, user_id, device_id, expires_at)
       SELECT ?1, ?2, ?3, ?4 FROM devices
       WHERE id = ?3 AND user_id = ?2 AND revoked_at IS NULL
       RETURNING expires_at`,
    )
    .bind(await sha256(ticket), userId, deviceId, expiresAt)
    .first();
  return inserted ? { ticket, expiresAt } : null;
}

/**
 * Consumes a ticket: the DELETE makes it single-use even under concurrent upgrades. A ticket
 * that opens a room socket also records the room against the device, in the same batch, so
 * that revoking the device can close that socket (see revocation.ts).
 */
export async function redeemTicket(
  db: D1Database,
  ticket: string,
  now: number,
  roomId?: string,
): Promise<{ userId: string; deviceId: string } | null> {
  const hash = await sha256(ticket);
  const redeem = db
    .prepare(
      "DELETE FROM socket_tickets WHERE ticket_hash = ?1 RETURNING user_id, device_id, expires_at",
    )
    .bind(hash);
  const statements = roomId
    ? [
        db
          .prepare(
            `INSERT INTO device_rooms (device_id, room_id, opened_at)
             SELECT device_id, ?2, ?3 FROM socket_tickets WHERE ticket_hash = ?1 AND expires_at > ?3
             ON CONFLICT (device_id, room_id) DO UPDATE SET opened_at = excluded.opened_at`,
          )
          .bind(hash, roomId, now),
        redeem,
      ]
    : [redeem];
  const results = await db.batch<{ user_id: string; device_id: string; expires_at: number }>(
    statements,
  );
  const row = results.at(-1)?.results[0];
  if (!row || row.expires_at <= now) return null;
  return { userId: row.user_id, deviceId: row.device_id };
}

/** Deletes rows that can no longer matter; run from the scheduled handler. */
export async function sweepExpired(
  db: D1Database,
  now: number,
  rateWindowMs: number,
): Promise<void> {
  await db.batch([
    db.prepare("DELETE FROM socket_tickets WHERE expires_at <= ?").bind(now),
    db.prepare("DELETE FROM refresh_tokens WHERE expires_at <= ?").bind(now),
    db.prepare("DELETE FROM rate_limits WHERE window_start <= ?").bind(now - rateWindowMs),
  ]);
}
