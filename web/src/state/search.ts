/**
 * Searching messages (GET /api/search): one query's results, page after page by its
 * `nextCursor`, and how a hit's snippet splits into plain and highlighted parts. A page
 * may hold no results and still have a cursor (the server looks through a bounded number
 * of messages a page): a search with nothing shown yet pages on by itself a few times.
 */
import type { SearchApi } from "../../../src/client";
import type { SearchHit } from "../../../src/protocol";

/** Results a page asks for. */
export const SEARCH_PAGE = 20;
/** Empty pages in a row a search pages through by itself before it asks for "More results". */
const EMPTY_PAGES_ALONE = 4;

/** A piece of a snippet: highlighted (a match) or not. Always text, never markup. */
export interface SnippetPart {
  text: string;
  mark: boolean;
}

/**
 * The snippet in parts, the `[start, end)` ranges marked. Ranges out of order, overlapping
 * or past the end are clipped and merged; what they do not cover is unmarked.
 */
export function snippetParts(
  snippet: string,
  highlights: readonly (readonly [number, number])[],
): SnippetPart[] {
  const ranges = highlights
    .map(([a, b]) => [Math.max(0, a), Math.min(snippet.length, b)] as const)
    .filter(([a, b]) => a < b)
    .sort((x, y) => x[0] - y[0]);
  const parts: SnippetPart[] = [];
  let at = 0;
  for (const [a, b] of ranges) {
    const start = Math.max(a, at);
    if (b <= start) continue;
    if (start > at) parts.push({ text: snippet.slice(at, start), mark: false });
    const last = parts.at(-1);
    if (last?.mark && start === at) last.text += snippet.slice(start, b);
    else parts.push({ text: snippet.slice(start, b), mark: true });
    at = b;
  }
  if (at < snippet.length) parts.push({ text: snippet.slice(at), mark: false });
  return parts;
}

export interface SearchView {
  results: SearchHit[];
  /** More results may exist: "More results" asks for them. */
  more: boolean;
  loading: boolean;
  /** Why the last page failed (the error, for error-text.ts), or null. */
  error: unknown;
  /** The first page came back (so "no results" may be said). */
  done: boolean;
}

/** One search: a query, optionally within one room, and what its pages found so far. */
export class Search {
  private view: SearchView = { results: [], more: false, loading: false, error: null, done: false };
  private cursor: string | null = null;
  private stopped = false;

  constructor(
    private readonly api: Pick<SearchApi, "messages">,
    readonly q: string,
    readonly roomId: string | null,
    private readonly changed: () => void,
  ) {}

  get state(): SearchView {
    return this.view;
  }

  /** Asks for the next page (the first, then by the cursor), on through empty pages. */
  async next(): Promise<void> {
    if (this.view.loading || this.stopped || (this.view.done && !this.view.more)) return;
    this.set({ loading: true, error: null });
    try {
      let empty = 0;
      do {
        const page = await this.api.messages(this.q, {
          ...(this.roomId ? { roomId: this.roomId } : {}),
          limit: SEARCH_PAGE,
          cursor: this.cursor,
        });
        if (this.stopped) return;
        this.cursor = page.nextCursor;
        const results = [...this.view.results, ...page.results];
        this.set({ results, more: page.nextCursor !== null, done: true });
        empty += 1;
      } while (this.cursor !== null && this.view.results.length === 0 && empty < EMPTY_PAGES_ALONE);
    } catch (error) {
      if (!this.stopped) this.set({ error });
    } finally {
      if (!this.stopped) this.set({ loading: false });
    }
  }

  /** A newer search took its place: what it hears from now on is dropped. */
  stop(): void {
    this.stopped = true;
  }

  private set(change: Partial<SearchView>): void {
    this.view = { ...this.view, ...change };
    this.changed();
  }
}
