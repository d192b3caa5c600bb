/**
 * Blocks in D1 (migrations/0013_blocks.sql): who blocked whom, and the checks that ask it.
 * A block works both ways for starting or writing in a chat of the two; it is the blocker's
 * alone to lift.
 */

/** Blocks `blocked` for `blocker`; true when it is new. */
export async function block(
  db: D1Database,
  blocker: string,
  blocked: string,
  now: number,
): Promise<boolean> {
  const result = await db
    .prepare("INSERT OR IGNORE INTO blocks (blocker_id, blocked_id, created_at) VALUES (?, ?, ?)")
    .bind(blocker, blocked, now)
    .run();
  return result.meta.changes > 0;
}

/** Lifts `blocker`'s block of `blocked`; true when there was one. */
export async function unblock(db: D1Database, blocker: string, blocked: string): Promise<boolean> {
  const result = await db
    .prepare("DELETE FROM blocks WHERE blocker_id = ? AND blocked_id = ?")
    .bind(blocker, blocked)
    .run();
  return result.meta.changes > 0;
}

/** Whom `blocker` blocked, the most recent first, with when. */
export async function blockedBy(
  db: D1Database,
  blocker: string,
  limit: number,
): Promise<{ userId: string; blockedAt: number }[]> {
  const { results } = await db
    .prepare(
      `SELECT blocked_id, created_at FROM blocks WHERE blocker_id = ?
       ORDER BY created_at DESC, blocked_id LIMIT ?`,
    )
    .bind(blocker, limit)
    .all<{ blocked_id: string; created_at: number }>();
  return results.map((row) => ({ userId: row.blocked_id, blockedAt: row.created_at }));
}

/** Those of `others` with a block between them and `userId`, either way. */
export async function blockedAmong(
  db: D1Database,
  userId: string,
  others: readonly string[],
): Promise<string[]> {
  if (others.length === 0) return [];
  const ids = JSON.stringify([...new Set(others)]);
  const { results } = await db
    .prepare(
      `SELECT blocker_id AS other FROM blocks
         WHERE blocked_id = ?1 AND blocker_id IN (SELECT value FROM json_each(?2))
       UNION
       SELECT blocked_id AS other FROM blocks
         WHERE blocker_id = ?1 AND blocked_id IN (SELECT value FROM json_each(?2))`,
    )
    .bind(userId, ids)
    .all<{ other: string }>();
  return results.map((row) => row.other);
}

/** The chats of two users that a block between them closes: their direct room, and every
 * chat about an object of one that the other asked about. */
export async function pairRooms(db: D1Database, a: string, b: string): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT r.room_id FROM object_rooms AS r JOIN objects AS o ON o.id = r.object_id
       WHERE (o.owner_id = ?1 AND r.asker_id = ?2) OR (o.owner_id = ?2 AND r.asker_id = ?1)`,
    )
    .bind(a, b)
    .all<{ room_id: string }>();
  return results.map((row) => row.room_id);
}
