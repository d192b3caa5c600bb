/**
 * Media over HTTP (docs/protocol.md, "Media"): upload a file, fetch it. An upload streams
 * through the worker into R2 (docs/decisions/0012): its length is known and capped before
 * the body is read, its type is what its first bytes are. Until attachments come, a file is
 * its uploader's alone: anyone else gets 404, as for no file.
 */

import { type Context, Hono } from "hono";
import type { AppEnv } from "../http/context";
import { ApiError } from "../http/errors";
import { hourly } from "../http/hourly";
import { requireAuth } from "../http/middleware";
import { query } from "../http/query";
import { API_SECURITY_HEADERS } from "../http/security-headers";
import { findMedia, insertMedia } from "../media/store";
import { storeUpload } from "../media/upload";
import {
  INLINE_MEDIA_TYPES,
  MEDIA_TYPES,
  type MediaInfo,
  type MediaType,
  UploadQuery,
} from "../protocol";

const keyOf = (id: string) => `media/${id}`;
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
function disposition(media: MediaInfo): string {
  if (INLINE_MEDIA_TYPES.includes(media.type)) return "inline";
  const name = media.name ?? "file";
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export const mediaRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .post("/", query(UploadQuery), async (c) => {
    const type = declaredType(c);
    const length = declaredLength(c);
    const me = c.var.identity.userId;
    await hourly(c, "media:upload", c.var.settings.MEDIA_UPLOADS_MAX_PER_HOUR, "uploads");
    const body = c.req.raw.body;
    if (!body) throw new ApiError(400, "bad_request", "the file is empty");
    const id = crypto.randomUUID();
    const stored = await storeUpload(c.env.MEDIA, keyOf(id), body, length, type);
    if (!stored.ok && stored.reason === "type") {
      const found = stored.found ?? "none of the types taken";
      throw new ApiError(415, "unsupported_media_type", `the file is ${found}, not ${type}`);
    }
    if (!stored.ok) {
      throw new ApiError(400, "bad_request", "the body's length differs from Content-Length");
    }
    const params = c.req.valid("query");
    const media: MediaInfo = {
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
    await insertMedia(c.env.DB, media);
    return c.json(media, 201);
  })
  .get("/:mediaId", async (c) => {
    const media = await findMedia(c.env.DB, c.req.param("mediaId"));
    if (!media || media.ownerId !== c.var.identity.userId) throw noSuchFile();
    const object = await c.env.MEDIA.get(keyOf(media.id));
    if (!object) throw noSuchFile();
    return new Response(object.body, {
      headers: {
        "Content-Type": media.type,
        "Content-Length": String(media.size),
        "Content-Disposition": disposition(media),
        ETag: object.httpEtag,
        // A served file never runs as a page of ours, whatever it holds.
        "Content-Security-Policy": `${API_SECURITY_HEADERS["Content-Security-Policy"]}; sandbox`,
        "Cross-Origin-Resource-Policy": "same-origin",
      },
    });
  });
