/** Media: photos and files, as uploaded and served (docs/protocol.md, "Media"). */
import * as v from "valibot";
import { charLength, INVISIBLE, LIMITS, wholeParam } from "./common";

/**
 * The types a file may have, each checked against the file's first bytes: images, PDF,
 * office documents (the ZIP-based formats, and the older compound-file ones, Hangul's
 * `.hwp` among them), ZIP, plain text (UTF-8, no control bytes), and any other file as
 * `application/octet-stream`, which is only ever served as a download.
 */
export const MEDIA_TYPES = [
  "image/jpeg",
  "image/png",
  "image/gif",
  "image/webp",
  "image/avif",
  "image/heic",
  "application/pdf",
  "application/zip",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/msword",
  "application/vnd.ms-excel",
  "application/vnd.ms-powerpoint",
  "application/x-hwp",
  "text/plain",
  "application/octet-stream",
] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

/** The types a browser shows in place; every other file is served as a download. */
export const INLINE_MEDIA_TYPES: readonly MediaType[] = [
  "image/jpeg",
  "image/png",
  "image/gif",
  "image/webp",
  "image/avif",
];

/** A file's id: a UUID, as `POST /api/media` answers it. */
export const MediaId = v.pipe(
  v.string("a file id must be a string"),
  v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "not a file id"),
);

/**
 * `POST /api/media?name=&width=&height=&thumb=`: what the uploader says of the file, and the
 * id of its thumbnail, uploaded first.
 */
export const UploadQuery = v.strictObject({
  name: v.optional(
    v.pipe(
      v.string(),
      v.check((s) => charLength(s) >= 1, "name must not be empty"),
      v.check(
        (s) => charLength(s) <= LIMITS.mediaNameMax,
        `name must be at most ${LIMITS.mediaNameMax} characters`,
      ),
      v.check((s) => !INVISIBLE.test(s), "name may not contain control or invisible characters"),
      v.check((s) => !/[/\\]/.test(s), "name may not contain / or \\"),
    ),
  ),
  /** An image's size in pixels, as the uploader measured it (the server decodes nothing). */
  width: wholeParam("width", 5),
  height: wholeParam("height", 5),
  thumb: v.optional(MediaId),
});
export type UploadQuery = v.InferOutput<typeof UploadQuery>;

/** A stored file, as `POST /api/media` answers it. */
export interface MediaInfo {
  id: string;
  ownerId: string;
  type: MediaType;
  /** Bytes. */
  size: number;
  name: string | null;
  width: number | null;
  height: number | null;
  /** SHA-256 of the bytes as stored, hex. */
  sha256: string;
  /** A small image of it (an upload of its own), for a client to show first; or null. */
  thumbId: string | null;
  createdAt: number;
}

/**
 * A file in a message, as the room stored it when the message was sent: sizes and
 * dimensions come with the message, so a client lays it out before fetching anything.
 */
export interface Attachment {
  id: string;
  type: MediaType;
  size: number;
  name: string | null;
  width: number | null;
  height: number | null;
  thumbId: string | null;
}

/** The stored shape of one attachment (a message row's `attachments` JSON, read back). */
export const StoredAttachment = v.object({
  id: v.string(),
  type: v.picklist(MEDIA_TYPES),
  size: v.number(),
  name: v.nullable(v.string()),
  width: v.nullable(v.number()),
  height: v.nullable(v.number()),
  thumbId: v.nullable(v.string()),
});

/** The files a send attaches: uploads of the sender, each once, at most `attachmentsMax`. */
export const AttachmentIds = v.pipe(
  v.array(MediaId, "attachments must be a list of file ids"),
  v.minLength(1, "attachments must name at least one file"),
  v.maxLength(LIMITS.attachmentsMax, `a message has at most ${LIMITS.attachmentsMax} files`),
  v.check((ids) => new Set(ids).size === ids.length, "attachments must not repeat a file"),
);

/** `POST /api/media/links`: the files to link to. */
export const MediaLinksBody = v.strictObject({
  ids: v.pipe(
    v.array(MediaId, "ids must be a list of file ids"),
    v.minLength(1, "ids must name at least one file"),
    v.maxLength(LIMITS.mediaLinksMax, `ids may name at most ${LIMITS.mediaLinksMax} files`),
  ),
});
export type MediaLinksBody = v.InferOutput<typeof MediaLinksBody>;

/** A link that serves one file to the user it was made for, until `expiresAt` (ms). */
export interface MediaLink {
  id: string;
  /** A path on this server; fetched without a bearer (an `<img src>`). */
  url: string;
  expiresAt: number;
}

/** `POST /api/media/links`: links to the files the caller may see; the others are left out. */
export interface MediaLinks {
  links: MediaLink[];
}

/** `GET /api/media/:id/file?u=&e=&s=`: a link's user, expiry (seconds) and signature. */
export const MediaLinkQuery = v.strictObject({
  u: v.pipe(v.string(), v.maxLength(64)),
  e: v.pipe(v.string(), v.regex(/^\d{1,12}$/, "e must be a whole number")),
  s: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/, "s is not a signature")),
});
