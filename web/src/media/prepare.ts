/**
 * Files made ready to send, in the browser (loaded only when a file is picked): an image is
 * decoded with its EXIF orientation applied, drawn at most 2048 px on its long side and
 * encoded again, which leaves every metadata block behind (the GPS position included), with
 * a 320 px thumbnail beside it; the worker decodes no image. A GIF goes as it is (its
 * frames), with a thumbnail of its first. PDF and ZIP files go as they are.
 */
import type { FileToSend } from "../../../src/client";
import type { MediaType } from "../../../src/protocol";
import { cleanName, FILE_BYTES_MAX, mediaTypeOf } from "./file-kinds";

export const IMAGE_LONG_SIDE = 2048;
export const THUMB_LONG_SIDE = 320;
export const AVATAR_SIDE = 512;
/** The server's MEDIA_THUMB_BYTES_MAX by default; a thumbnail is made to fit under it. */
const THUMB_BYTES_MAX = 100 * 1024;

/** Why a file cannot be sent. */
export type Refusal = "unsupported" | "tooLarge" | "unreadable";

export class FileRefused extends Error {
  constructor(
    readonly reason: Refusal,
    readonly fileName: string,
  ) {
    super(`${fileName}: ${reason}`);
  }
}

const EXTENSIONS: Partial<Record<MediaType, string>> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
};

/** The name with the extension of the type it is now. */
function renamed(name: string, type: MediaType): string {
  const extension = EXTENSIONS[type];
  if (!extension) return cleanName(name);
  const base = name.replace(/\.[a-z0-9]{1,5}$/i, "") || "image";
  return cleanName(`${base}.${extension}`);
}

/** The size that fits `longSide`, never larger than it was. */
export function fitted(width: number, height: number, longSide: number): [number, number] {
  const scale = Math.min(1, longSide / Math.max(width, height));
  return [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
}

interface Encoded {
  blob: Blob;
  width: number;
  height: number;
}

/** Draws (part of) an image at a size and encodes it; JPEG gets a white ground first. */
async function encode(
  source: ImageBitmap,
  size: [number, number],
  type: "image/jpeg" | "image/webp" | "image/png",
  quality: number,
  crop?: { x: number; y: number; side: number },
): Promise<Encoded> {
  const [width, height] = size;
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext("2d");
  if (!context) throw new Error("no 2d canvas");
  context.imageSmoothingQuality = "high";
  if (type === "image/jpeg") {
    context.fillStyle = "#fff";
    context.fillRect(0, 0, width, height);
  }
  if (crop) {
    context.drawImage(source, crop.x, crop.y, crop.side, crop.side, 0, 0, width, height);
  } else {
    context.drawImage(source, 0, 0, width, height);
  }
  const blob = await canvas.convertToBlob({ type, quality });
  return { blob, width, height };
}

/** A thumbnail under the server's limit: lower quality, then smaller, until it fits. */
async function thumbnail(source: ImageBitmap): Promise<Blob> {
  let side = THUMB_LONG_SIDE;
  for (;;) {
    for (const quality of [0.75, 0.55, 0.35]) {
      const size = fitted(source.width, source.height, side);
      const { blob } = await encode(source, size, "image/jpeg", quality);
      if (blob.size <= THUMB_BYTES_MAX || side <= 40) return blob;
    }
    side = Math.round(side / 2);
  }
}

/** The encoding a picture keeps: PNG and WebP (which may be transparent) as WebP, else JPEG. */
async function resized(
  source: ImageBitmap,
  from: MediaType,
): Promise<Encoded & { type: MediaType }> {
  const size = fitted(source.width, source.height, IMAGE_LONG_SIDE);
  if (from === "image/png" || from === "image/webp") {
    const webp = await encode(source, size, "image/webp", 0.9);
    // A browser that cannot encode WebP answers PNG.
    const type = webp.blob.type === "image/webp" ? "image/webp" : "image/png";
    return { ...webp, type };
  }
  return { ...(await encode(source, size, "image/jpeg", 0.85)), type: "image/jpeg" };
}

async function decode(file: Blob): Promise<ImageBitmap | null> {
  try {
    return await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    return null; // a type this browser cannot decode (HEIC in most), or a damaged file
  }
}

/** A picked, pasted or dropped file, ready for `ChatClient.sendFiles`; or why not. */
export async function prepareFile(file: File): Promise<FileToSend> {
  const type = mediaTypeOf(file);
  const bitmap = type.startsWith("image/") ? await decode(file) : null;
  if (!bitmap) {
    if (file.size > FILE_BYTES_MAX) throw new FileRefused("tooLarge", file.name);
    const name = cleanName(file.name);
    return { blob: file, type, name, width: null, height: null, thumb: null };
  }
  try {
    const thumb = await thumbnail(bitmap);
    if (type === "image/gif") {
      if (file.size > FILE_BYTES_MAX) throw new FileRefused("tooLarge", file.name);
      const { width, height } = bitmap;
      return { blob: file, type, name: cleanName(file.name), width, height, thumb };
    }
    const image = await resized(bitmap, type);
    const name = renamed(file.name, image.type);
    return { ...image, name, thumb };
  } finally {
    bitmap.close();
  }
}

/** Decodes an image for choosing what of it to keep (an avatar's square). */
export async function openImage(file: File): Promise<ImageBitmap> {
  const bitmap = await decode(file);
  if (!bitmap) throw new FileRefused("unreadable", file.name);
  return bitmap;
}

/** A square of an image, `AVATAR_SIDE` px (or less, if the square is smaller), as JPEG. */
export async function squareImage(
  source: ImageBitmap,
  crop: { x: number; y: number; side: number },
): Promise<Encoded> {
  const side = Math.max(1, Math.min(AVATAR_SIDE, Math.round(crop.side)));
  return encode(source, [side, side], "image/jpeg", 0.85, crop);
}
