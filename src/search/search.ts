/**
 * Search over the D1 archive, limited to what the caller may see: rooms they are in, and in
 * rooms they left, messages up to their leaving.
 *
 * Bounded work per request: each page examines at most `scanMax` candidate rows, newest
 * first by archive id, then keeps those the caller may see and that contain every word.
 * Candidates come from the FTS5 trigram index when a word has three characters or more
 * (substring matches in any script: 자전거 finds 자전거를); otherwise from the room named
 * by `roomId`, or, with no room named, from the newest archive rows of all rooms. A page
 * can hold fewer hits than asked (even none) and still have a `nextCursor`: more candidates
 * lie below it.
 */
import type { SearchHit, SearchPage } from "../protocol";
import { charLength } from "../protocol";
import { toMessage } from "../room/schema";
import { num, type Row, str } from "../storage/rows";
import { snippetFor } from "./highlight";

export interface SearchRequest {
  userId: string;
  text: string;
  roomId?: string;
  limit: number;
  /** An archive id: search below it. */
  cursor?: number;
  scanMax: number;
}

/** An FTS5 string literal: the term as a phrase, quotes doubled. */
const phrase = (term: string) => `"${term.replaceAll('"', '""')}"`;
/** A LIKE pattern that matches the term anywhere, with %, _ and \ taken literally. */
const containing = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The candidate rows, as a CTE named `hits` with one column `id`, and its parameters. */
function candidates(request: SearchRequest, indexed: string[]): { sql: string; params: unknown[] } {
  const below = request.cursor !== undefined;
  const params: unknown[] = [];
  let sql: string;
  if (indexed.length > 0) {
    sql = `SELECT rowid AS id FROM archive_fts WHERE archive_fts MATCH ?${below ? " AND rowid < ?" : ""}
      ORDER BY rowid DESC LIMIT ?`;
    params.push(indexed.map(phrase).join(" AND "));
  } else if (request.roomId) {
    sql = `SELECT id FROM archive_messages WHERE room_id = ?${below ? " AND id < ?" : ""}
      ORDER BY id DESC LIMIT ?`;
    params.push(request.roomId);
  } else {
    sql = `SELECT id FROM archive_messages${below ? " WHERE id < ?" : ""}
      ORDER BY id DESC LIMIT ?`;
  }
  if (below) params.push(request.cursor);
  params.push(request.scanMax);
  return { sql: `WITH hits AS (${sql})`, params };
}

export async function searchArchive(db: D1Database, request: SearchRequest): Promise<SearchPage> {
  const terms = request.text.trim().split(/\s+/).filter(Boolean);
  const indexed = terms.filter((t) => charLength(t) >= 3);
  const short = terms.filter((t) => charLength(t) < 3);
  const hits = candidates(request, indexed);
  const where = [
    "(m.visible_to IS NULL OR a.seq <= m.visible_to)",
    "a.kind <> 'system'",
    "a.deleted_at IS NULL",
  ];
  const params: unknown[] = [...hits.params, request.userId];
  for (const term of short) {
    where.push("a.body LIKE ? ESCAPE '\\'");
    params.push(containing(term));
  }
  if (request.roomId) {
    where.push("a.room_id = ?");
    params.push(request.roomId);
  }
  params.push(request.limit + 1);
  const [scan, found] = await db.batch<Row>([
    db.prepare(`${hits.sql} SELECT COUNT(*) AS n, MIN(id) AS low FROM hits`).bind(...hits.params),
    db
      .prepare(
        `${hits.sql}
         SELECT a.id, a.room_id, a.seq, a.kind, a.sender_id, a.client_msg_id, a.body, a.system,
           a.created_at
         FROM hits JOIN archive_messages a ON a.id = hits.id
         JOIN archive_members m ON m.room_id = a.room_id AND m.user_id = ?
         WHERE ${where.join(" AND ")}
         ORDER BY a.id DESC
         LIMIT ?`,
      )
      .bind(...params),
  ]);
  const rows = found?.results ?? [];
  const page = rows.slice(0, request.limit);
  const results: SearchHit[] = page.map((row) => {
    const message = toMessage(row, str(row, "room_id"));
    return { message, ...snippetFor(message.body, terms) };
  });
  const stats = scan?.results[0];
  const scanned = stats ? num(stats, "n") : 0;
  const last = page.at(-1);
  let nextCursor: string | null = null;
  if (rows.length > request.limit && last) nextCursor = String(num(last, "id"));
  else if (scanned >= request.scanMax && stats) nextCursor = String(num(stats, "low"));
  return { results, nextCursor };
}
