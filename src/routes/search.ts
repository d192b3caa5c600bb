/** Searching the message archive: `GET /api/search?q=&roomId=&limit=&cursor=`. */
import { Hono } from "hono";
import type { AppEnv } from "../http/context";
import { ApiError } from "../http/errors";
import { requireAuth } from "../http/middleware";
import { parseBody, SearchQuery } from "../protocol";
import { searchArchive } from "../search/search";

export const searchRoutes = new Hono<AppEnv>().use(requireAuth()).get("/", async (c) => {
  const parsed = parseBody(SearchQuery, c.req.query(), { noun: "parameter", root: "query" });
  if (!parsed.ok) throw ApiError.from(parsed.error);
  const { q, roomId, limit, cursor } = parsed.value;
  const max = c.var.settings.SEARCH_PAGE_MAX;
  if (limit !== undefined && (limit < 1 || limit > max)) {
    throw new ApiError(400, "validation_failed", `limit must be between 1 and ${max}`);
  }
  return c.json(
    await searchArchive(c.env.DB, {
      userId: c.var.identity.userId,
      text: q,
      limit: limit ?? c.var.settings.SEARCH_PAGE_DEFAULT,
      scanMax: c.var.settings.SEARCH_SCAN_MAX,
      ...(roomId ? { roomId } : {}),
      ...(cursor !== undefined ? { cursor } : {}),
    }),
  );
});
