/**
 * Rotating refresh tokens (RFC 9700, 4.14.2): each refresh consumes the token and issues a
 * successor; a consumed token presented again is taken for theft and revokes the device.
 *
 * One exception, for a browser's tabs and for retried requests: the same token presented
 * again within a short grace window after its rotation gets the device's current token
 * back, not a revocation. The rotation stores the successor sealed (AES-GCM) under a key
 * derived from the consumed token, so the answer is the very token the first caller got
 * (no second chain is started), and only a holder of the consumed token can unseal it:
 * the database alone cannot.
 */
import { revokeDevice } from "./devices";
import { base64url, fromBase64url, randomToken, sha256, utf8 } from "./encoding";

export interface IssuedRefresh {
  token: string;
  expiresAt: number;
}

export type RotateResult =
  | {
      ok: true;
      userId: string;
      deviceId: string;
      refresh: IssuedRefresh;
    }
  | { ok: false; reason: "unknown" | "expired" | "revoked" }
  | { ok: false; reason: "reused"; userId: string; deviceId: string };

/** How many rotations a repeat may follow to the device's current token. */
const MAX_SUCCESSORS = 8;

export interface RotateOptions {
  now: number;
  /** Lifetime of the new token. */
  ttlMs: number;
  /** How long after its rotation the same token still gets the current one. 0: never. */
  graceMs: number;
}

/**
 * Exchanges a refresh token for its successor. The consume, the successor's row and the
 * device's refresh time are one D1 batch (a transaction), so of two concurrent uses exactly
 * one rotates, and the other finds the successor already sealed beside the used token.
 */
export async function rotateRefreshToken(
  db: D1Database,
  token: string,
  options: RotateOptions,
): Promise<RotateResult> {
  const { now } = options;
  const hash = await sha256(token);
  const next = randomToken();
  const nextHash = await sha256(next);
  const expiresAt = now + options.ttlMs;
  const ownDevice = "SELECT device_id FROM refresh_tokens WHERE token_hash = ?1 AND next_hash = ?2";
  const [consumed, , , owner] = await db.batch([
    db
      .prepare(
        `UPDATE refresh_tokens SET used_at = ?3, next_hash = ?2, next_sealed = ?4
         WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?3
           AND device_id IN (SELECT id FROM devices WHERE revoked_at IS NULL)
         RETURNING device_id`,
      )
      .bind(hash, nextHash, now, await seal(token, next)),
    db
      .prepare(
        `INSERT INTO refresh_tokens (token_hash, device_id, issued_at, expires_at)
         SELECT ?2, device_id, ?3, ?4 FROM refresh_tokens WHERE token_hash = ?1 AND next_hash = ?2`,
      )
      .bind(hash, nextHash, now, expiresAt),
    db
      .prepare(`UPDATE devices SET last_refreshed_at = ?3 WHERE id = (${ownDevice})`)
      .bind(hash, nextHash, now),
    db.prepare(`SELECT id, user_id FROM devices WHERE id = (${ownDevice})`).bind(hash, nextHash),
  ]);
  const device = owner?.results[0] as { id: string; user_id: string } | undefined;
  if (consumed?.results.length && device) {
    return {
      ok: true,
      userId: device.user_id,
      deviceId: device.id,
      refresh: { token: next, expiresAt },
    };
  }
  return notRotated(db, token, hash, options);
}

/** Why a token was not rotated, and the answer: a repeat in the grace window, or a refusal. */
async function notRotated(
  db: D1Database,
  token: string,
  hash: string,
  options: RotateOptions,
): Promise<RotateResult> {
  const row = await db
    .prepare(
      `SELECT t.device_id, t.used_at, t.next_sealed, d.user_id, d.revoked_at
       FROM refresh_tokens t JOIN devices d ON d.id = t.device_id WHERE t.token_hash = ?`,
    )
    .bind(hash)
    .first<{
      device_id: string;
      used_at: number | null;
      next_sealed: string | null;
      user_id: string;
      revoked_at: number | null;
    }>();
  if (!row) return { ok: false, reason: "unknown" };
  if (row.revoked_at !== null) return { ok: false, reason: "revoked" };
  if (row.used_at === null) return { ok: false, reason: "expired" };
  if (options.now - row.used_at <= options.graceMs && row.next_sealed !== null) {
    const current = await currentSuccessor(db, token, row.next_sealed, options.now);
    if (current) {
      return {
        ok: true,
        userId: row.user_id,
        deviceId: row.device_id,
        refresh: current,
      };
    }
  }
  await revokeDevice(db, row.device_id, "refresh_token_reused", options.now);
  return { ok: false, reason: "reused", userId: row.user_id, deviceId: row.device_id };
}

/**
 * Follows the chain of successors from a rotated token to the device's current (unused,
 * unexpired) token. Null when the chain is broken, expired or longer than allowed.
 */
async function currentSuccessor(
  db: D1Database,
  token: string,
  sealed: string,
  now: number,
): Promise<IssuedRefresh | null> {
  let holder = token;
  let box = sealed;
  for (let step = 0; step < MAX_SUCCESSORS; step++) {
    const successor = await unseal(holder, box);
    if (!successor) return null;
    const row = await db
      .prepare("SELECT used_at, expires_at, next_sealed FROM refresh_tokens WHERE token_hash = ?")
      .bind(await sha256(successor))
      .first<{ used_at: number | null; expires_at: number; next_sealed: string | null }>();
    if (!row || row.expires_at <= now) return null;
    if (row.used_at === null) return { token: successor, expiresAt: row.expires_at };
    if (row.next_sealed === null) return null;
    holder = successor;
    box = row.next_sealed;
  }
  return null;
}

/** The key that seals a token's successor: derived from the token, which is never stored. */
async function sealingKey(token: string): Promise<CryptoKey> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    utf8(`edge-chat refresh successor\n${token}`),
  );
  return crypto.subtle.importKey("raw", digest, "AES-GCM", false, ["encrypt", "decrypt"]);
}

async function seal(token: string, successor: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv },
    await sealingKey(token),
    utf8(successor),
  );
  const out = new Uint8Array(iv.byteLength + ciphertext.byteLength);
  out.set(iv);
  out.set(new Uint8Array(ciphertext), iv.byteLength);
  return base64url(out);
}

async function unseal(token: string, sealed: string): Promise<string | null> {
  const bytes = fromBase64url(sealed);
  if (!bytes || bytes.byteLength <= 12) return null;
  try {
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: bytes.slice(0, 12) },
      await sealingKey(token),
      bytes.slice(12),
    );
    return new TextDecoder().decode(plain);
  } catch {
    return null;
  }
}
