/**
 * What a picked, pasted or dropped file is, before anything heavy loads: one of the types
 * the server takes (docs/protocol.md, "Media"), an image to resize or a file to send as it
 * is; and sizes as people read them.
 */
import {
  INLINE_MEDIA_TYPES,
  INVISIBLE,
  LIMITS,
  MEDIA_TYPES,
  type MediaType,
} from "../../../src/protocol";
import type { Lang } from "../i18n";

/** The server's MEDIA_BYTES_MAX as deployed by default: a file larger is not tried. */
export const FILE_BYTES_MAX = 25 * 1024 * 1024;

/** Types browsers give under other names. */
const ALIASES: Record<string, MediaType> = {
  "application/x-zip-compressed": "application/zip",
  "image/jpg": "image/jpeg",
  "image/heif": "image/heic",
};

const BY_EXTENSION: Record<string, MediaType> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  heic: "image/heic",
  heif: "image/heic",
  pdf: "application/pdf",
  zip: "application/zip",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  doc: "application/msword",
  xls: "application/vnd.ms-excel",
  ppt: "application/vnd.ms-powerpoint",
  hwp: "application/x-hwp",
  txt: "text/plain",
};

/**
 * The type to upload the file as: its own when the server takes it (by the browser's word,
 * else by its extension), else `application/octet-stream`, which the server takes whatever
 * the bytes and serves as a download. (The SDK falls back to that too when the server finds
 * a document's bytes are not its type.)
 */
export function mediaTypeOf(file: { type: string; name: string }): MediaType {
  const declared = file.type.toLowerCase();
  const known = MEDIA_TYPES.find((t) => t === declared) ?? ALIASES[declared];
  if (known) return known;
  const extension = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? "";
  return BY_EXTENSION[extension] ?? "application/octet-stream";
}

/** Whether browsers show the type in place (the others are downloads). */
export const isShown = (type: MediaType) => INLINE_MEDIA_TYPES.includes(type);

const HIDDEN = new RegExp(INVISIBLE.source, "gu");

/** A name the server takes: no control characters or slashes, at most its length. */
export function cleanName(name: string): string {
  const clean = name.replace(HIDDEN, "_").replace(/[/\\]/g, "_").trim();
  return [...(clean || "file")].slice(-LIMITS.mediaNameMax).join("");
}

/** "48 KB", "1.2 MB" in the reader's language. */
export function formatSize(lang: Lang, bytes: number): string {
  const [value, unit] =
    bytes >= 1024 * 1024
      ? [bytes / (1024 * 1024), "megabyte"]
      : bytes >= 1024
        ? [bytes / 1024, "kilobyte"]
        : [bytes, "byte"];
  return new Intl.NumberFormat(lang, {
    style: "unit",
    unit,
    unitDisplay: "short",
    maximumFractionDigits: value < 10 && unit !== "byte" ? 1 : 0,
  }).format(value);
}
