/**
 * Folding again the archive rows that migration 0003 could only fold as far as ASCII (SQL's
 * lower()): the rows listed in `archive_refold`. Run from the scheduled sweep, a bounded
 * number per run, until the list is empty; then each run costs one empty read.
 *
 * Safe beside archiving: a row's folding is written only if its body is still the one read
 * (an edit in between wrote its own folding), and folding twice gives the same text.
 */
import { num, type Row, str } from "../storage/rows";
import { foldedColumn } from "./fold";

/** Folds up to `max` listed rows, `chunk` per D1 batch; returns how many it took off the list. */
export async function refoldArchive(db: D1Database, max: number, chunk: number): Promise<number> {
  let done = 0;
  while (done < max) {
    const { results } = await db
      .prepare(
        `SELECT r.room_id, r.seq, a.body, a.folded
         FROM archive_refold r LEFT JOIN archive_messages a USING (room_id, seq)
         LIMIT ?`,
      )
      .bind(Math.min(chunk, max - done))
      .all<Row>();
    if (results.length === 0) break;
    const statements: D1PreparedStatement[] = [];
    for (const row of results) {
      const roomId = str(row, "room_id");
      const seq = num(row, "seq");
      if (typeof row.body === "string") {
        const value = foldedColumn(row.body);
        // Written only when it changes: most rows (Korean text) were right already.
        if (value !== row.folded) {
          statements.push(
            db
              .prepare(
                "UPDATE archive_messages SET folded = ? WHERE room_id = ? AND seq = ? AND body = ?",
              )
              .bind(value, roomId, seq, row.body),
          );
        }
      }
      statements.push(
        db.prepare("DELETE FROM archive_refold WHERE room_id = ? AND seq = ?").bind(roomId, seq),
      );
    }
    await db.batch(statements);
    done += results.length;
  }
  return done;
}
