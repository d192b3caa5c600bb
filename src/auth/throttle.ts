/**
 * Fixed-window rate limiting in D1. One upsert per attempt, atomic in SQLite, so concurrent
 * requests cannot both slip under the limit.
 */
import { AuthError } from "./errors";

export interface ThrottleResult {
  allowed: boolean;
  count: number;
  /** Whole seconds until the window resets; meaningful when not allowed. */
  retryAfterSeconds: number;
}

/** Counts one attempt against `key` and says whether it is within `limit` per window. */
export async function hit(
  db: D1Database,
  key: string,
  limit: number,
  windowSeconds: number,
  now: number,
): Promise<ThrottleResult> {
  const windowMs = windowSeconds * 1000;
  const row = await db
    .prepare(
      `INSERT INTO rate_limits (key, window_start, count) VALUES (?1, ?2, 1)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN window_start <= ?2 - ?3 THEN 1 ELSE count + 1 END,
         window_start = CASE WHEN window_start <= ?2 - ?3 THEN ?2 ELSE window_start END
       RETURNING window_start, count`,
    )
    .bind(key, now, windowMs)
    .first<{ window_start: number; count: number }>();
  if (!row) throw new Error("rate limit upsert returned no row");
  const retryAfterSeconds = Math.max(1, Math.ceil((row.window_start + windowMs - now) / 1000));
  return { allowed: row.count <= limit, count: row.count, retryAfterSeconds };
}

/**
 * Counts one attempt against `key`; past `limit` in the window, throws `rate_limited` with
 * `message` and the wait up to the window's end (429 with `Retry-After` over HTTP).
 */
export async function throttle(
  db: D1Database,
  key: string,
  limit: number,
  windowSeconds: number,
  now: number,
  message = "too many attempts; try again later",
): Promise<void> {
  const result = await hit(db, key, limit, windowSeconds, now);
  if (!result.allowed) {
    throw new AuthError("rate_limited", message, result.retryAfterSeconds * 1000);
  }
}

/** Forgets the attempts counted against `key` (a successful sign-in clears its account). */
export async function clear(db: D1Database, key: string): Promise<void> {
  await db.prepare("DELETE FROM rate_limits WHERE key = ?").bind(key).run();
}
