/**
 * Pictures: an object's images and a profile's avatar are uploads attached to the object or
 * the user (./store.ts), and only images browsers show, since every client shows them in
 * place. An object's image may also be an https URL, which is not ours to attach. What a
 * change no longer shows is let go with `release` (./store.ts) once the change is stored.
 */
import { INLINE_MEDIA_TYPES } from "../protocol";
import { type Attached, attach, type MediaRecord } from "./store";

const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The upload ids among an object's image references (the rest are https URLs). */
export const uploadIds = (refs: readonly string[]) => [
  ...new Set(refs.filter((ref) => UPLOAD_ID.test(ref))),
];

const pictureRefusal = (file: MediaRecord) =>
  INLINE_MEDIA_TYPES.includes(file.type) ? null : `a picture is an image, not ${file.type}`;

type Target = { kind: "object" | "avatar"; to: string; ownerId: string; now: number };

/** Attaches the pictures `ids` to `kind` `to`, all or none (see ./store.ts `attach`). */
export async function attachPictures(
  db: D1Database,
  target: Target,
  ids: readonly string[],
): Promise<Attached> {
  if (ids.length === 0) return { ok: true, files: [] };
  return attach(db, target, ids, pictureRefusal);
}
