/**
 * Media over HTTP (docs/protocol.md, "Media"): upload a file (with its thumbnail), fetch it,
 * link to it. An upload streams through the worker into R2 (docs/decisions/0012): its
 * length is known and capped before the body is read, its type is what its first bytes are.
 * Who may fetch a file follows from what it is attached to (src/media/access.ts); anyone
 * else gets 404, as for no file.
 */

import { type Context, Hono } from "hono";
import { roomStub } from "../durable/stubs";
import type { AppEnv } from "../http/context";
import { ApiError } from "../http/errors";
import { hourly } from "../http/hourly";
import { readJson, requireAuth } from "../http/middleware";
import { query } from "../http/query";
import { API_SECURITY_HEADERS } from "../http/security-headers";
import { type MemberOf, maySee, visible } from "../media/access";
import { mediaKey } from "../media/keys";
import { linkValid, makeLink } from "../media/links";
import { byteRange } from "../media/range";
import { findMany, findMedia, insertMedia, type MediaRecord, thumbRefusal } from "../media/store";
import { storeUpload } from "../media/upload";
import {
  INLINE_MEDIA_TYPES,
  MEDIA_TYPES,
  MediaLinkQuery,
  type MediaLinks,
  MediaLinksBody,
  type MediaType,
  UploadQuery,
} from "../protocol";

const noSuchFile = () => new ApiError(404, "not_found", "no such file");

/** The declared type: the `Content-Type` without parameters, when it is one we take. */
function declaredType(c: Context<AppEnv>): MediaType {
  const type = (c.req.header("Content-Type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const known = MEDIA_TYPES.find((t) => t === type);
  if (!known) {
    throw new ApiError(415, "unsupported_media_type", `files of type "${type}" are not taken`);
  }
  return known;
}

/** The declared length, required, and at most MEDIA_BYTES_MAX. */
function declaredLength(c: Context<AppEnv>): number {
  const header = c.req.header("Content-Length");
  if (header === undefined || !/^\d{1,15}$/.test(header)) {
    throw new ApiError(411, "length_required", "an upload needs a Content-Length");
  }
  const length = Number(header);
  const max = c.var.settings.MEDIA_BYTES_MAX;
  if (length > max) throw new ApiError(413, "payload_too_large", `a file is at most ${max} bytes`);
  if (length === 0) throw new ApiError(400, "bad_request", "the file is empty");
  return length;
}

/** `attachment; filename=…` with an ASCII fallback and the UTF-8 name (RFC 6266, 8187). */
function disposition(media: MediaRecord): string {
  if (INLINE_MEDIA_TYPES.includes(media.type)) return "inline";
  const name = media.name ?? "file";
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

const memberOf =
  (c: Context<AppEnv>): MemberOf =>
  (roomId, userId) =>
    roomStub(c.env, roomId).isMember(userId);

/**
 * The file's bytes with the headers that keep it inert: the stored type, `nosniff` (from
 * the security headers), inline only for images browsers show, a sandboxing CSP. Range and
 * conditional requests are answered from the bucket.
 */
async function serve(c: Context<AppEnv>, media: MediaRecord, cache: string): Promise<Response> {
  const headers = c.req.raw.headers;
  const range = byteRange(headers.get("Range"), media.size);
  const out = new Headers({
    // Text was taken only as UTF-8 (src/media/sniff.ts).
    "Content-Type": media.type === "text/plain" ? "text/plain; charset=utf-8" : media.type,
    "Content-Disposition": disposition(media),
    "Cache-Control": cache,
    "Accept-Ranges": "bytes",
    // A served file never runs as a page of ours, whatever it holds.
    "Content-Security-Policy": `${API_SECURITY_HEADERS["Content-Security-Policy"]}; sandbox`,
    "Cross-Origin-Resource-Policy": "same-origin",
  });
  if (range === "unsatisfiable") {
    out.set("Content-Range", `bytes */${media.size}`);
    return new Response(null, { status: 416, headers: out });
  }
  const object = await c.env.MEDIA.get(mediaKey(media.id), {
    onlyIf: headers,
    ...(range ? { range } : {}),
  });
  if (!object) throw noSuchFile();
  out.set("ETag", object.httpEtag);
  if (!("body" in object)) {
    // A precondition did not hold: unchanged for If-None-Match, else failed.
    return new Response(null, { status: headers.has("If-None-Match") ? 304 : 412, headers: out });
  }
  if (range) {
    const { offset, length } = range;
    out.set("Content-Range", `bytes ${offset}-${offset + length - 1}/${media.size}`);
    out.set("Content-Length", String(length));
    return new Response(object.body, { status: 206, headers: out });
  }
  out.set("Content-Length", String(media.size));
  return new Response(object.body, { headers: out });
}

/** Fetching by link: no bearer, the link's signature and expiry instead (src/media/links.ts). */
export const mediaLinkRoutes = new Hono<AppEnv>().get(
  "/:mediaId/file",
  query(MediaLinkQuery),
  async (c) => {
    const id = c.req.param("mediaId");
    const link = c.req.valid("query");
    if (!(await linkValid(c.env.JWT_SECRET, id, link, Date.now()))) {
      throw new ApiError(403, "forbidden", "this link is not valid, or no longer");
    }
    const media = await findMedia(c.env.DB, id);
    if (!media || !(await maySee(media, link.u, memberOf(c)))) throw noSuchFile();
    const left = Math.max(0, Number(link.e) - Math.floor(Date.now() / 1000));
    return serve(c, media, `private, max-age=${left}, immutable`);
  },
);

export const mediaRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .post("/", query(UploadQuery), async (c) => {
    const type = declaredType(c);
    const length = declaredLength(c);
    const me = c.var.identity.userId;
    const params = c.req.valid("query");
    const thumbId = params.thumb ?? null;
    if (thumbId !== null) {
      const thumb = await findMedia(c.env.DB, thumbId);
      const max = c.var.settings.MEDIA_THUMB_BYTES_MAX;
      const refused = thumbRefusal(thumb, me, max, INLINE_MEDIA_TYPES);
      if (refused) throw new ApiError(400, "bad_attachment", refused);
    }
    await hourly(c, "media:upload", c.var.settings.MEDIA_UPLOADS_MAX_PER_HOUR, "uploads");
    const body = c.req.raw.body;
    if (!body) throw new ApiError(400, "bad_request", "the file is empty");
    const id = crypto.randomUUID();
    const stored = await storeUpload(c.env.MEDIA, mediaKey(id), body, length, type);
    if (!stored.ok && stored.reason === "type") {
      const found = stored.found ?? "none of the types taken";
      throw new ApiError(415, "unsupported_media_type", `the file is ${found}, not ${type}`);
    }
    if (!stored.ok) {
      throw new ApiError(400, "bad_request", "the body's length differs from Content-Length");
    }
    const media = {
      id,
      ownerId: me,
      type,
      size: length,
      name: params.name ?? null,
      width: params.width ?? null,
      height: params.height ?? null,
      sha256: stored.sha256,
      createdAt: Date.now(),
    };
    return c.json(await insertMedia(c.env.DB, media, thumbId), 201);
  })
  .post("/links", async (c) => {
    const { ids } = await readJson(c, MediaLinksBody);
    const me = c.var.identity.userId;
    const files = await visible(await findMany(c.env.DB, [...new Set(ids)]), me, memberOf(c));
    const now = Date.now();
    const ttl = c.var.settings.MEDIA_LINK_TTL_SECONDS;
    const links = await Promise.all(
      files.map((file) => makeLink(c.env.JWT_SECRET, file.id, me, now, ttl)),
    );
    const answer: MediaLinks = { links };
    return c.json(answer);
  })
  .get("/:mediaId", async (c) => {
    const media = await findMedia(c.env.DB, c.req.param("mediaId"));
    if (!media || !(await maySee(media, c.var.identity.userId, memberOf(c)))) throw noSuchFile();
    return serve(c, media, "private, no-cache");
  });
