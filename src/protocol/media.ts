/** Media: photos and files, as uploaded and served (docs/protocol.md, "Media"). */
import * as v from "valibot";
import { charLength, INVISIBLE, LIMITS } from "./common";
import { wholeParam } from "./http";

/** The types a file may have: the server finds them in the file's first bytes. */
export const MEDIA_TYPES = [
  "image/jpeg",
  "image/png",
  "image/gif",
  "image/webp",
  "image/avif",
  "image/heic",
  "application/pdf",
  "application/zip",
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

/** `POST /api/media?name=&width=&height=`: what the uploader says of the file. */
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
  createdAt: number;
}
