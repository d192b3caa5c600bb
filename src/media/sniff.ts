/**
 * What a file is, from its first bytes (magic numbers, as the WHATWG MIME Sniffing standard
 * matches them): the server decides whether a file is the type it is declared as, never
 * taking the uploader's say-so alone. A file's first `SNIFF_BYTES` are enough for every
 * type here.
 */

import type { MediaType } from "../protocol";

/** Bytes read before deciding. */
export const SNIFF_BYTES = 64;

/** What first bytes can show a file to be. */
type Signature =
  | "image/jpeg"
  | "image/png"
  | "image/gif"
  | "image/webp"
  | "image/avif"
  | "image/heic"
  | "application/pdf"
  | "a ZIP archive"
  | "a compound document";

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

function startsWith(bytes: Uint8Array, pattern: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + pattern.length) return false;
  return pattern.every((b, i) => bytes[offset + i] === b);
}

/** ISO BMFF brands (the `ftyp` box): AVIF, and HEIF/HEIC as phones write them. */
const AVIF_BRANDS = new Set(["avif", "avis"]);
const HEIC_BRANDS = new Set(["heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs"]);
/** The OLE compound file header: the older Office formats and Hangul's `.hwp`. */
const COMPOUND = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** The major and compatible brands of an `ftyp` box at the start, within what was read. */
function ftypBrands(bytes: Uint8Array): string[] {
  if (!startsWith(bytes, ascii("ftyp"), 4)) return [];
  const size =
    ((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0);
  const end = Math.min(size, bytes.length);
  const brands: string[] = [];
  for (let at = 8; at + 4 <= end; at += 4) {
    if (at === 12) continue; // the minor version, not a brand
    brands.push(String.fromCharCode(...bytes.subarray(at, at + 4)));
  }
  return brands;
}

/** What a file starting with `head` is by its magic number, or null for none known. */
function signature(head: Uint8Array): Signature | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(head, ascii("GIF87a")) || startsWith(head, ascii("GIF89a"))) return "image/gif";
  if (startsWith(head, ascii("RIFF")) && startsWith(head, ascii("WEBP"), 8)) return "image/webp";
  if (startsWith(head, ascii("%PDF-"))) return "application/pdf";
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) {
    return "a ZIP archive";
  }
  if (startsWith(head, COMPOUND)) return "a compound document";
  const brands = ftypBrands(head);
  if (brands.some((b) => AVIF_BRANDS.has(b))) return "image/avif";
  if (brands.some((b) => HEIC_BRANDS.has(b))) return "image/heic";
  return null;
}

/**
 * Whether `head` reads as text: UTF-8 (a character cut by the end of what was read aside),
 * with no control bytes but tab, line breaks, form feed and escape.
 */
function looksLikeText(head: Uint8Array, whole: boolean): boolean {
  if (head.some((b) => b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b) || b === 0x7f)) {
    return false;
  }
  // Up to 3 bytes of a character the read cut in two.
  for (let cut = 0; cut <= (whole ? 0 : 3) && cut < head.length + 1; cut++) {
    try {
      new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(
        head.subarray(0, head.length - cut),
      );
      return true;
    } catch {
      // try without one more byte
    }
  }
  return false;
}

/** The signature each declared type must have (`text`: none, and text; `any`: anything). */
const NEEDS: Readonly<Record<MediaType, Signature | "text" | "any">> = {
  "image/jpeg": "image/jpeg",
  "image/png": "image/png",
  "image/gif": "image/gif",
  "image/webp": "image/webp",
  "image/avif": "image/avif",
  "image/heic": "image/heic",
  "application/pdf": "application/pdf",
  "application/zip": "a ZIP archive",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "a ZIP archive",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "a ZIP archive",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "a ZIP archive",
  "application/msword": "a compound document",
  "application/vnd.ms-excel": "a compound document",
  "application/vnd.ms-powerpoint": "a compound document",
  "application/x-hwp": "a compound document",
  "text/plain": "text",
  "application/octet-stream": "any",
};

export type Sniffed = { ok: true } | { ok: false; found: string | null };

/**
 * Whether a file starting with `head` is of the `declared` type; if not, what it seems to
 * be (null: nothing known). `whole` says `head` is the entire file (no character is cut).
 */
export function sniff(declared: MediaType, head: Uint8Array, whole = false): Sniffed {
  const needs = NEEDS[declared];
  if (needs === "any") return { ok: true };
  const found = signature(head);
  if (needs === "text") {
    return found === null && looksLikeText(head, whole)
      ? { ok: true }
      : { ok: false, found: found ?? "not text" };
  }
  return found === needs ? { ok: true } : { ok: false, found };
}
