/** Search over HTTP: the messages of the user's rooms that hold some words. */
import type { SearchPage } from "../protocol";
import type { ApiClient } from "./api";

export interface SearchOptions {
  /** Only this room's messages. */
  roomId?: string;
  /** Results a page, 1 to `SEARCH_PAGE_MAX`. */
  limit?: number;
  /** The previous page's `nextCursor`, with the same `q` and `roomId`. */
  cursor?: string | null;
}

export class SearchApi {
  constructor(private readonly api: ApiClient) {}

  /**
   * A page of the messages holding every word of `q`, newest first, each with a snippet
   * and the ranges of it to highlight. A page may hold fewer results than asked, even none,
   * and still have a `nextCursor`: keep paging until it is null to see every match.
   *
   * @example
   * ```ts
   * const page = await search.messages("자전거");
   * for (const hit of page.results) show(hit.snippet, hit.highlights);
   * const next = page.nextCursor && (await search.messages("자전거", { cursor: page.nextCursor }));
   * ```
   */
  messages(q: string, options: SearchOptions = {}): Promise<SearchPage> {
    const params = new URLSearchParams({ q });
    if (options.roomId) params.set("roomId", options.roomId);
    if (options.limit !== undefined) params.set("limit", String(options.limit));
    if (options.cursor) params.set("cursor", options.cursor);
    return this.api.authed("GET", `/api/search?${params}`);
  }
}
