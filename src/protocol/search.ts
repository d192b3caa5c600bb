/** Search over HTTP: the query, its words, the cursor between pages, and the hits. */
import * as v from "valibot";
import { charLength, LIMITS, wholeParam } from "./common";
import { type ChatMessage, RoomId } from "./model";

/**
 * The words of a search query: separated by whitespace (Unicode White_Space: spaces of every
 * width, tabs, line breaks).
 */
export const searchWords = (q: string) => q.split(/\p{White_Space}+/u).filter((w) => w !== "");

/** Control characters that are not whitespace (NUL, escape, …): refused in a query. */
const QUERY_CONTROL = /(?!\p{White_Space})\p{Cc}/u;

/** A search cursor as the server gives them: an archive position and its signature. */
export const SEARCH_CURSOR = /^(\d{1,19})\.([A-Za-z0-9_-]{43})$/;

/**
 * The answer to a cursor that is not a search cursor, or whose signature does not hold for
 * this caller and this search.
 */
export const SEARCH_CURSOR_REFUSED = "cursor is not one this server gave for this search";

/** `GET /api/search` query parameters. */
export const SearchQuery = v.strictObject({
  q: v.pipe(
    v.string("q must be a string"),
    v.check(
      (s) => !QUERY_CONTROL.test(s),
      "q may not contain control characters (tabs and line breaks separate words as spaces do)",
    ),
    v.check((s) => searchWords(s).length > 0, "q must not be empty"),
    v.check(
      (s) => charLength(s) <= LIMITS.searchQueryMax,
      `q must be at most ${LIMITS.searchQueryMax} characters`,
    ),
    v.check(
      (s) => searchWords(s).length <= LIMITS.searchTermsMax,
      `q may have at most ${LIMITS.searchTermsMax} words`,
    ),
  ),
  roomId: v.optional(RoomId),
  limit: wholeParam("limit"),
  /** A previous page's `nextCursor`; its signature is checked by the route. */
  cursor: v.optional(v.pipe(v.string(), v.regex(SEARCH_CURSOR, SEARCH_CURSOR_REFUSED))),
});
export type SearchQuery = v.InferOutput<typeof SearchQuery>;

/** One search hit: the message, and a snippet of its text with the matches marked. */
export interface SearchHit {
  message: ChatMessage;
  /** Up to about 120 characters of the body around the first match, "…" where cut. */
  snippet: string;
  /** Matches within `snippet`, as [start, end) offsets in UTF-16 code units. Plain text. */
  highlights: [number, number][];
}

export interface SearchPage {
  results: SearchHit[];
  /**
   * Pass as `cursor` for the next (older) page; null when there is none. A page may hold
   * fewer results than asked, even none, and still have a cursor: each page examines a
   * bounded number of candidates.
   */
  nextCursor: string | null;
}
