/**
 * What a file is, from its first bytes (magic numbers, as the WHATWG MIME Sniffing standard
 * matches them): the server decides a stored file's type, never the uploader's say-so alone.
 * A file's first `SNIFF_BYTES` are enough for every type here.
 */

import type { MediaType } from "../protocol";

/** Bytes read before deciding. */
export const SNIFF_BYTES = 64;

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

function startsWith(bytes: Uint8Array, pattern: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + pattern.length) return false;
  return pattern.every((b, i) => bytes[offset + i] === b);
}

/** ISO BMFF brands (the `ftyp` box): AVIF, and HEIF/HEIC as phones write them. */
const AVIF_BRANDS = new Set(["avif", "avis"]);
const HEIC_BRANDS = new Set(["heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs"]);

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

/** The type of a file starting with `head`, or null when it is none of MEDIA_TYPES. */
export function sniff(head: Uint8Array): MediaType | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(head, ascii("GIF87a")) || startsWith(head, ascii("GIF89a"))) return "image/gif";
  if (startsWith(head, ascii("RIFF")) && startsWith(head, ascii("WEBP"), 8)) return "image/webp";
  if (startsWith(head, ascii("%PDF-"))) return "application/pdf";
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) {
    return "application/zip";
  }
  const brands = ftypBrands(head);
  if (brands.some((b) => AVIF_BRANDS.has(b))) return "image/avif";
  if (brands.some((b) => HEIC_BRANDS.has(b))) return "image/heic";
  return null;
}
