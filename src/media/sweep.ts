/**
 * The sweep of uploads attached to nothing (issue 21): an upload that no send, object or
 * profile took within MEDIA_UNATTACHED_SECONDS of its upload (or of being let go) is
 * deleted, bytes and row, with its thumbnail. Run from the every-minute cron, at most
 * MEDIA_SWEEP_MAX files a run.
 *
 * Two steps, so that a send racing the sweep never gets a file whose bytes are going: the
 * rows are first marked `swept` (no attach takes a swept file: ./store.ts), then their bytes
 * are deleted, then the rows. A crash between steps leaves marked rows, which the next run
 * finishes; deleting bytes twice is harmless.
 */
import { mediaKey } from "./keys";

export async function sweepMedia(
  db: D1Database,
  bucket: R2Bucket,
  nowMs: number,
  unattachedSeconds: number,
  max: number,
): Promise<number> {
  await db
    .prepare(
      `WITH old AS (
         SELECT id FROM media
         WHERE attached_kind IS NULL AND thumb_of IS NULL
           AND COALESCE(attached_at, created_at) < ?1
         ORDER BY COALESCE(attached_at, created_at) LIMIT ?2)
       UPDATE media SET attached_kind = 'swept'
       WHERE attached_kind IS NULL AND (id IN old OR thumb_of IN old)`,
    )
    .bind(nowMs - unattachedSeconds * 1000, max)
    .run();
  const { results } = await db
    .prepare("SELECT id FROM media WHERE attached_kind = 'swept' LIMIT ?")
    .bind(max * 2)
    .all<{ id: string }>();
  if (results.length === 0) return 0;
  const ids = results.map((row) => row.id);
  await bucket.delete(ids.map(mediaKey));
  await db
    .prepare(
      "DELETE FROM media WHERE attached_kind = 'swept' AND id IN (SELECT value FROM json_each(?))",
    )
    .bind(JSON.stringify(ids))
    .run();
  return ids.length;
}
