/**
 * History pages across the two tiers: the room's own copy holds every message after its
 * trim point, the D1 archive everything up to it. A page that crosses the boundary takes
 * from both and is complete and in order; paging back reaches seq 1. A page around a seq
 * is an older and a newer page read together.
 */
import type { AroundPage, ChatMessage, HistoryPage } from "../protocol";
import { messageColumns, toMessage } from "../storage/message-row";

/** Messages with afterSeq < seq < beforeSeq, at most `limit`, in `order`. */
export interface SeqRange {
  afterSeq: number;
  beforeSeq: number;
  limit: number;
  order: "asc" | "desc";
}

export interface HistorySources {
  /** Everything at or below this seq is only in the archive. */
  trimmedTo: number;
  local(range: SeqRange): ChatMessage[];
  archived(range: SeqRange): Promise<ChatMessage[]>;
}

const END = Number.MAX_SAFE_INTEGER;

export async function historyPage(
  sources: HistorySources,
  query: { before?: number; after?: number; limit: number },
): Promise<HistoryPage> {
  return pageFrom(sources, query)();
}

/**
 * A page around `around` (that seq included when it exists): about half older, half newer,
 * the rest of `limit` from the other side where one side runs short.
 */
export async function aroundPage(
  sources: HistorySources,
  query: { around: number; limit: number },
): Promise<AroundPage> {
  const { around, limit } = query;
  // Both halves read the object's rows now, before any await (see pageFrom).
  const olderPage = pageFrom(sources, { before: around, limit });
  const newerPage = pageFrom(sources, { after: around - 1, limit });
  const [older, newer] = await Promise.all([olderPage(), newerPage()]);
  const wantOlder = Math.floor((limit - 1) / 2);
  const takeOlder = Math.min(
    older.messages.length,
    Math.max(wantOlder, limit - newer.messages.length),
  );
  const takeNewer = Math.min(newer.messages.length, limit - takeOlder);
  return {
    messages: [
      ...older.messages.slice(older.messages.length - takeOlder),
      ...newer.messages.slice(0, takeNewer),
    ],
    hasMoreBefore: older.hasMore || older.messages.length > takeOlder,
    hasMoreAfter: newer.hasMore || newer.messages.length > takeNewer,
  };
}

/**
 * Reads the object's own part of a page at once and returns the rest, which may ask D1. The
 * object's rows are read first, before any await: a trim that runs while D1 is answering
 * (the alarm may interleave) cannot open a gap between the two halves.
 */
function pageFrom(
  sources: HistorySources,
  query: { before?: number; after?: number; limit: number },
): () => Promise<HistoryPage> {
  const { trimmedTo } = sources;
  const take = query.limit + 1;
  if (query.after !== undefined) {
    const after = query.after;
    const recent = sources.local({
      afterSeq: Math.max(after, trimmedTo),
      beforeSeq: END,
      limit: take,
      order: "asc",
    });
    return async () => {
      const old =
        after < trimmedTo
          ? await sources.archived({
              afterSeq: after,
              beforeSeq: trimmedTo + 1,
              limit: take,
              order: "asc",
            })
          : [];
      const rows = [...old, ...recent];
      return { messages: rows.slice(0, query.limit), hasMore: rows.length > query.limit };
    };
  }
  const before = query.before ?? END;
  const recent = sources.local({
    afterSeq: trimmedTo,
    beforeSeq: before,
    limit: take,
    order: "desc",
  });
  const boundary = Math.min(before, trimmedTo + 1);
  return async () => {
    const old =
      recent.length < take && trimmedTo > 0 && boundary > 1
        ? await sources.archived({
            afterSeq: 0,
            beforeSeq: boundary,
            limit: take - recent.length,
            order: "desc",
          })
        : [];
    const rows = [...recent, ...old];
    return { messages: rows.slice(0, query.limit).reverse(), hasMore: rows.length > query.limit };
  };
}

/** The archive's side: a range of one room's messages from D1, rows validated. */
export async function archivedRange(
  db: D1Database,
  roomId: string,
  range: SeqRange,
): Promise<ChatMessage[]> {
  const order = range.order === "asc" ? "ASC" : "DESC";
  const result = await db
    .prepare(
      `SELECT ${messageColumns()} FROM archive_messages
       WHERE room_id = ? AND seq > ? AND seq < ? ORDER BY seq ${order} LIMIT ?`,
    )
    .bind(roomId, range.afterSeq, range.beforeSeq, range.limit)
    .all<Record<string, unknown>>();
  return result.results.map((row) => toMessage(row, roomId));
}
