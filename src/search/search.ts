/**
 * Search over the D1 archive, limited to what the caller may see: rooms they are in, and in
 * rooms they left, messages up to their leaving; never a message they deleted for themselves.
 *
 * Newest first by time: archive keys are created_at * 2^20 plus the place within that
 * millisecond (migrations/0003_archive_search.sql), so key order is time order and a page
 * is "the keys below a position". A message archived late takes its place in time, and one
 * older than the position shows up on a later page.
 *
 * Bounded work per request: each page examines at most `scanMax` candidate rows, newest
 * first, then keeps those the caller may see and that contain every word. Candidates come
 * from the trigram index when a folded word has three characters or more (substring
 * matches in any script: 자전거 finds 자전거를); otherwise from the room named by `roomId`,
 * or, with no room named, from the newest archive rows of all rooms. A page can hold fewer
 * hits than asked (even none) and still have a next position: more candidates lie below it.
 *
 * Matching is on the case-folded text (src/search/fold.ts), for every word, long or short.
 */
import { charLength, MESSAGE_KINDS, type SearchHit, searchableKind } from "../protocol";
import { messageColumns, toMessage } from "../storage/message-row";
import { num, type Row, str } from "../storage/rows";
import { searchableText } from "./fold";
import { snippetFor } from "./highlight";

export interface SearchRequest {
  userId: string;
  /** The query's words (`searchWords`), case-folded (`foldCase`). */
  words: string[];
  roomId?: string;
  limit: number;
  /** An archive key, as decimal text: search below it. */
  below?: string;
  scanMax: number;
}

export interface SearchResult {
  results: SearchHit[];
  /** The archive key to search below next, as decimal text; null when nothing is left. */
  next: string | null;
}

/** The kinds search finds, as an SQL list of literals (see searchableKind). */
const SEARCHABLE_KINDS = MESSAGE_KINDS.filter(searchableKind)
  .map((kind) => `'${kind}'`)
  .join(", ");

/** An FTS5 string literal: the term as a phrase, quotes doubled. */
const phrase = (term: string) => `"${term.replaceAll('"', '""')}"`;

/** The candidate rows, as a CTE named `hits` with one column `id`, and its parameters. */
function candidates(request: SearchRequest, indexed: string[]): { sql: string; params: unknown[] } {
  // The trigram index's rows are keyed by `rowid`, the archive's by `id`: the same keys.
  const [table, key] = indexed.length > 0 ? ["archive_fts", "rowid"] : ["archive_messages", "id"];
  const where: string[] = [];
  const params: unknown[] = [];
  if (indexed.length > 0) {
    where.push("archive_fts MATCH ?");
    params.push(indexed.map(phrase).join(" AND "));
  } else if (request.roomId) {
    where.push("room_id = ?");
    params.push(request.roomId);
  }
  if (request.below !== undefined) {
    // Keys pass 2^53: bound as text, compared as integers.
    where.push(`${key} < CAST(? AS INTEGER)`);
    params.push(request.below);
  }
  params.push(request.scanMax);
  const filter = where.length > 0 ? ` WHERE ${where.join(" AND ")}` : "";
  return {
    sql: `WITH hits AS (SELECT ${key} AS id FROM ${table}${filter} ORDER BY ${key} DESC LIMIT ?)`,
    params,
  };
}

export async function searchArchive(db: D1Database, request: SearchRequest): Promise<SearchResult> {
  const { words } = request;
  const indexed = words.filter((w) => charLength(w) >= 3);
  const short = words.filter((w) => charLength(w) < 3);
  const hits = candidates(request, indexed);
  const where = [
    "(m.visible_to IS NULL OR a.seq <= m.visible_to)",
    `a.kind IN (${SEARCHABLE_KINDS})`,
    "a.deleted_at IS NULL",
    `NOT EXISTS (SELECT 1 FROM hidden_messages h
       WHERE h.user_id = m.user_id AND h.room_id = a.room_id AND h.seq = a.seq)`,
  ];
  const params: unknown[] = [...hits.params, request.userId];
  for (const word of short) {
    where.push("instr(a.search_text, ?) > 0");
    params.push(word);
  }
  if (request.roomId) {
    where.push("a.room_id = ?");
    params.push(request.roomId);
  }
  params.push(request.limit + 1);
  const [scan, found] = await db.batch<Row>([
    db
      .prepare(`${hits.sql} SELECT COUNT(*) AS n, CAST(MIN(id) AS TEXT) AS low FROM hits`)
      .bind(...hits.params),
    db
      .prepare(
        `${hits.sql}
         SELECT CAST(a.id AS TEXT) AS key, a.room_id, ${messageColumns("a")}
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
    return { message, ...snippetFor(searchableText(message), words) };
  });
  const stats = scan?.results[0];
  const last = page.at(-1);
  let next: string | null = null;
  if (rows.length > request.limit && last) next = str(last, "key");
  else if (stats && num(stats, "n") >= request.scanMax) next = str(stats, "low");
  return { results, next };
}
