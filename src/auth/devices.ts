/**
 * Devices (one per sign-in), their rotating refresh tokens, and single-use socket tickets.
 * Tokens and tickets are stored only as SHA-256 hashes.
 */
import { randomToken, sha256 } from "./encoding";

export interface IssuedRefresh {
  token: string;
  expiresAt: number;
}

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

export type RotateResult =
  | { ok: true; userId: string; deviceId: string; refresh: IssuedRefresh }
  | { ok: false; reason: "unknown" | "expired" | "revoked" }
  | { ok: false; reason: "reused"; userId: string; deviceId: string };

/**
 * Exchanges a refresh token for a new one. The old token is consumed by a conditional
 * UPDATE, so of two concurrent uses exactly one wins; the loser, like any later reuse of a
 * rotated token, is treated as theft and revokes the whole device (RFC 9700, 4.14.2).
 */
export async function rotateRefreshToken(
  db: D1Database,
  token: string,
  now: number,
  refreshTtlMs: number,
): Promise<RotateResult> {
  const hash = await sha256(token);
  const consumed = await db
    .prepare(
      `UPDATE refresh_tokens SET used_at = ?2
       WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2
       RETURNING device_id`,
    )
    .bind(hash, now)
    .first<{ device_id: string }>();
  if (!consumed) {
    const row = await db
      .prepare(
        `SELECT t.device_id, t.used_at, d.user_id FROM refresh_tokens t
         JOIN devices d ON d.id = t.device_id WHERE t.token_hash = ?`,
      )
      .bind(hash)
      .first<{ device_id: string; used_at: number | null; user_id: string }>();
    if (!row) return { ok: false, reason: "unknown" };
    if (row.used_at === null) return { ok: false, reason: "expired" };
    await revokeDevice(db, row.device_id, "refresh_token_reused", now);
    return { ok: false, reason: "reused", userId: row.user_id, deviceId: row.device_id };
  }
  const device = await db
    .prepare("SELECT user_id, revoked_at FROM devices WHERE id = ?")
    .bind(consumed.device_id)
    .first<{ user_id: string; revoked_at: number | null }>();
  if (!device || device.revoked_at !== null) return { ok: false, reason: "revoked" };
  const next = randomToken();
  const expiresAt = now + refreshTtlMs;
  await db.batch([
    db
      .prepare(
        `INSERT INTO refresh_tokens (token_hash, device_id, issued_at, expires_at)
         VALUES (?1, ?2, ?3, ?4)`,
      )
      .bind(await sha256(next), consumed.device_id, now, expiresAt),
    db
      .prepare("UPDATE devices SET last_refreshed_at = ?2 WHERE id = ?1")
      .bind(consumed.device_id, now),
  ]);
  return {
    ok: true,
    userId: device.user_id,
    deviceId: consumed.device_id,
    refresh: { token: next, expiresAt },
  };
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

/** Consumes a ticket: the DELETE makes it single-use even under concurrent upgrades. */
export async function redeemTicket(
  db: D1Database,
  ticket: string,
  now: number,
): Promise<{ userId: string; deviceId: string } | null> {
  const row = await db
    .prepare(
      "DELETE FROM socket_tickets WHERE ticket_hash = ?1 RETURNING user_id, device_id, expires_at",
    )
    .bind(await sha256(ticket))
    .first<{ user_id: string; device_id: string; expires_at: number }>();
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
