/**
 * Search over the D1 archive, limited to what the caller may see: rooms they are in, and in
 * rooms they left, messages up to their leaving. Words of three characters or more go
 * through the FTS5 trigram index (substring matches in any language: 자전거 finds 자전거를);
 * shorter words filter those matches with LIKE, or, when every word is short, the caller's
 * rooms are scanned with LIKE (slower, documented). Newest first, paged by an opaque cursor.
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
  cursor?: string;
}

/** An FTS5 string literal: the term as a phrase, quotes doubled. */
const phrase = (term: string) => `"${term.replaceAll('"', '""')}"`;
/** A LIKE pattern that matches the term anywhere, with %, _ and \ taken literally. */
const containing = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function searchArchive(db: D1Database, request: SearchRequest): Promise<SearchPage> {
  const terms = request.text.trim().split(/\s+/).filter(Boolean);
  const indexed = terms.filter((t) => charLength(t) >= 3);
  const short = terms.filter((t) => charLength(t) < 3);
  const where: string[] = [
    "m.user_id = ?",
    "(m.visible_to IS NULL OR a.seq <= m.visible_to)",
    "a.kind <> 'system'",
    "a.deleted_at IS NULL",
  ];
  const params: unknown[] = [request.userId];
  let from = "archive_members m JOIN archive_messages a ON a.room_id = m.room_id";
  if (indexed.length > 0) {
    from = `archive_fts f JOIN archive_messages a ON a.rowid = f.rowid
      JOIN archive_members m ON m.room_id = a.room_id`;
    where.unshift("archive_fts MATCH ?");
    params.unshift(indexed.map(phrase).join(" AND "));
  }
  for (const term of short) {
    where.push("a.body LIKE ? ESCAPE '\\'");
    params.push(containing(term));
  }
  if (request.roomId) {
    where.push("a.room_id = ?");
    params.push(request.roomId);
  }
  if (request.cursor) {
    const [createdAt, rowid] = request.cursor.split(".").map(Number);
    where.push("(a.created_at < ? OR (a.created_at = ? AND a.rowid < ?))");
    params.push(createdAt, createdAt, rowid);
  }
  params.push(request.limit + 1);
  const result = await db
    .prepare(
      `SELECT a.rowid AS rid, a.room_id, a.seq, a.kind, a.sender_id, a.client_msg_id, a.body,
         a.system, a.created_at
       FROM ${from}
       WHERE ${where.join(" AND ")}
       ORDER BY a.created_at DESC, a.rowid DESC
       LIMIT ?`,
    )
    .bind(...params)
    .all<Row>();
  const rows = result.results;
  const page = rows.slice(0, request.limit);
  const results: SearchHit[] = page.map((row) => {
    const message = toMessage(row, str(row, "room_id"));
    return { message, ...snippetFor(message.body, terms) };
  });
  const last = page.at(-1);
  const nextCursor =
    rows.length > request.limit && last ? `${num(last, "created_at")}.${num(last, "rid")}` : null;
  return { results, nextCursor };
}
