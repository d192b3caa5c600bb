/**
 * Messages a user deleted for themselves ("delete for me"): search leaves them out of that
 * user's results (src/search/search.ts). Idempotent.
 */
export async function hideFromSearch(
  db: D1Database,
  hide: { userId: string; roomId: string; seq: number; at: number },
): Promise<void> {
  await db
    .prepare(
      `INSERT OR IGNORE INTO hidden_messages (user_id, room_id, seq, hidden_at)
       VALUES (?, ?, ?, ?)`,
    )
    .bind(hide.userId, hide.roomId, hide.seq, hide.at)
    .run();
}
