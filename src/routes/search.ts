/** Searching the message archive: `GET /api/search?q=&roomId=&limit=&cursor=`. */
import { Hono } from "hono";
import type { AppEnv } from "../http/context";
import { ApiError } from "../http/errors";
import { requireAuth } from "../http/middleware";
import { pageLimit, query } from "../http/query";
import { SEARCH_CURSOR_REFUSED, type SearchPage, SearchQuery, searchWords } from "../protocol";
import { type CursorScope, openCursor, sealCursor } from "../search/cursor";
import { foldCase } from "../search/fold";
import { searchArchive } from "../search/search";

export const searchRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .get("/", query(SearchQuery), async (c) => {
    const { q, roomId, limit, cursor } = c.req.valid("query");
    const { SEARCH_PAGE_MAX, SEARCH_PAGE_DEFAULT } = c.var.settings;
    const pageSize = pageLimit(limit, SEARCH_PAGE_MAX, SEARCH_PAGE_DEFAULT);
    const secret = c.env.JWT_SECRET;
    // Folded once, here: the cursor signs these words, and search matches and marks them.
    const scope: CursorScope = {
      userId: c.var.identity.userId,
      roomId: roomId ?? null,
      words: searchWords(q).map(foldCase),
    };
    const below = cursor === undefined ? undefined : await openCursor(secret, scope, cursor);
    if (below === null) throw new ApiError(400, "validation_failed", SEARCH_CURSOR_REFUSED);
    const found = await searchArchive(c.env.DB, {
      userId: scope.userId,
      words: scope.words,
      limit: pageSize,
      scanMax: c.var.settings.SEARCH_SCAN_MAX,
      ...(roomId ? { roomId } : {}),
      ...(below !== undefined ? { below } : {}),
    });
    const page: SearchPage = {
      results: found.results,
      nextCursor: found.next === null ? null : await sealCursor(secret, scope, found.next),
    };
    return c.json(page);
  });
