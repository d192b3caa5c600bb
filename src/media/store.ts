/**
 * Media metadata in D1 (`media`, migrations 0009 and 0010): written once an upload is stored,
 * then attached to what it belongs to (a room's message, an object, a profile), which
 * decides who may fetch it (./access.ts). A thumbnail goes wherever its image goes.
 */
import * as v from "valibot";
import { type Attachment, MEDIA_TYPES, type MediaInfo, type MediaType } from "../protocol";

/** What an upload is attached to; `swept` marks one the sweep is deleting (./sweep.ts). */
export const ATTACHED_KINDS = ["room", "object", "avatar", "swept"] as const;
export type AttachedKind = (typeof ATTACHED_KINDS)[number];

const MediaRowSchema = v.object({
  id: v.string(),
  owner_id: v.string(),
  type: v.picklist(MEDIA_TYPES),
  size: v.number(),
  name: v.nullable(v.string()),
  width: v.nullable(v.number()),
  height: v.nullable(v.number()),
  sha256: v.string(),
  created_at: v.number(),
  thumb_id: v.nullable(v.string()),
  thumb_of: v.nullable(v.string()),
  attached_kind: v.nullable(v.picklist(ATTACHED_KINDS)),
  attached_to: v.nullable(v.string()),
});

/** A stored file with what it is attached to. */
export interface MediaRecord extends MediaInfo {
  /** The image this is the thumbnail of, or null. */
  thumbOf: string | null;
  attachedKind: AttachedKind | null;
  attachedTo: string | null;
}

function toRecord(raw: Record<string, unknown>): MediaRecord {
  const parsed = v.safeParse(MediaRowSchema, raw);
  if (!parsed.success) throw new Error("media row does not match the expected shape");
  const row = parsed.output;
  return {
    id: row.id,
    ownerId: row.owner_id,
    type: row.type,
    size: row.size,
    name: row.name,
    width: row.width,
    height: row.height,
    sha256: row.sha256,
    thumbId: row.thumb_id,
    createdAt: row.created_at,
    thumbOf: row.thumb_of,
    attachedKind: row.attached_kind,
    attachedTo: row.attached_to,
  };
}

/** What a client is told of a stored file. */
export function mediaInfo(record: MediaRecord): MediaInfo {
  const { thumbOf: _t, attachedKind: _k, attachedTo: _a, ...info } = record;
  return info;
}

/** An attachment as a message carries it. */
export function attachmentOf(record: MediaInfo): Attachment {
  const { id, type, size, name, width, height, thumbId } = record;
  return { id, type, size, name, width, height, thumbId };
}

/**
 * Stores a file's row. With `thumbId`, that upload becomes this file's thumbnail in the
 * same batch, if it still may (see {@link thumbRefusal}); the answer says whether it did.
 */
export async function insertMedia(
  db: D1Database,
  media: Omit<MediaInfo, "thumbId">,
  thumbId: string | null,
): Promise<MediaInfo> {
  const statements = [];
  if (thumbId !== null) {
    statements.push(
      db
        .prepare(
          `UPDATE media SET thumb_of = ?1 WHERE id = ?2 AND owner_id = ?3
             AND thumb_of IS NULL AND thumb_id IS NULL AND attached_kind IS NULL`,
        )
        .bind(media.id, thumbId, media.ownerId),
    );
  }
  statements.push(
    db
      .prepare(
        `INSERT INTO media (id, owner_id, type, size, name, width, height, sha256, created_at,
           thumb_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,
           (SELECT id FROM media WHERE id = ?10 AND thumb_of = ?1))`,
      )
      .bind(
        media.id,
        media.ownerId,
        media.type,
        media.size,
        media.name,
        media.width,
        media.height,
        media.sha256,
        media.createdAt,
        thumbId,
      ),
  );
  await db.batch(statements);
  const stored = await findMedia(db, media.id);
  if (!stored) throw new Error("a stored file's row vanished");
  return mediaInfo(stored);
}

/**
 * Why `thumb` may not be the thumbnail of a new upload of `ownerId`, or null when it may: an
 * upload of theirs, attached to nothing, an image browsers show, at most `maxBytes`, neither
 * a thumbnail already nor an image with one.
 */
export function thumbRefusal(
  thumb: MediaRecord | null,
  ownerId: string,
  maxBytes: number,
  inline: readonly MediaType[],
): string | null {
  if (!thumb || thumb.ownerId !== ownerId || thumb.attachedKind === "swept") {
    return "the thumbnail is not an upload of yours";
  }
  if (thumb.thumbOf !== null || thumb.thumbId !== null) {
    return "the thumbnail is taken: upload it again";
  }
  if (thumb.attachedKind !== null) return "the thumbnail is attached to something already";
  if (!inline.includes(thumb.type)) return `a thumbnail is an image, not ${thumb.type}`;
  if (thumb.size > maxBytes) return `a thumbnail is at most ${maxBytes} bytes`;
  return null;
}

export async function findMedia(db: D1Database, id: string): Promise<MediaRecord | null> {
  const raw = await db.prepare("SELECT * FROM media WHERE id = ?").bind(id).first();
  return raw ? toRecord(raw) : null;
}

/** The rows of these ids that exist, in no order. */
export async function findMany(db: D1Database, ids: readonly string[]): Promise<MediaRecord[]> {
  if (ids.length === 0) return [];
  const { results } = await db
    .prepare("SELECT * FROM media WHERE id IN (SELECT value FROM json_each(?))")
    .bind(JSON.stringify(ids))
    .all();
  return results.map(toRecord);
}

export type Attached = { ok: true; files: MediaRecord[] } | { ok: false; message: string };

/**
 * Attaches the uploads `ids` of `ownerId`, with their thumbnails, to `kind` `to`: all of
 * them or none. Each must be an upload of theirs that is not a thumbnail, attached to
 * nothing or already to this very target (a retried send, an object saved again); `accept`
 * may refuse a file for what it is. Answers the files in the order of `ids`.
 */
export async function attach(
  db: D1Database,
  target: { kind: Exclude<AttachedKind, "swept">; to: string; ownerId: string; now: number },
  ids: readonly string[],
  accept: (file: MediaRecord) => string | null = () => null,
): Promise<Attached> {
  const rows = new Map((await findMany(db, ids)).map((row) => [row.id, row]));
  const files: MediaRecord[] = [];
  for (const id of ids) {
    const file = rows.get(id);
    if (!file || file.ownerId !== target.ownerId || file.attachedKind === "swept") {
      return { ok: false, message: `file ${id} is not an upload of yours` };
    }
    if (file.thumbOf !== null) return { ok: false, message: `file ${id} is a thumbnail` };
    const here = file.attachedKind === target.kind && file.attachedTo === target.to;
    if (file.attachedKind !== null && !here) {
      return { ok: false, message: `file ${id} is attached elsewhere: upload it again` };
    }
    const refused = accept(file);
    if (refused) return { ok: false, message: `file ${id}: ${refused}` };
    files.push(file);
  }
  const all = [...ids, ...files.flatMap((f) => (f.thumbId ? [f.thumbId] : []))];
  const result = await db
    .prepare(
      `UPDATE media SET attached_kind = ?1, attached_to = ?2, attached_at = ?3
       WHERE id IN (SELECT value FROM json_each(?4))
         AND (SELECT COUNT(*) FROM media
              WHERE id IN (SELECT value FROM json_each(?4)) AND owner_id = ?5
                AND (attached_kind IS NULL OR (attached_kind = ?1 AND attached_to = ?2))) = ?6`,
    )
    .bind(target.kind, target.to, target.now, JSON.stringify(all), target.ownerId, all.length)
    .run();
  if (result.meta.changes !== all.length) {
    return { ok: false, message: "a file changed while it was being attached: send again" };
  }
  return { ok: true, files };
}

/**
 * Lets go of what is attached to `kind` `to` but not in `keep` (an object's images after an
 * edit, a profile's old avatar): attached to nothing again, so the sweep deletes it later.
 */
export async function release(
  db: D1Database,
  target: { kind: Exclude<AttachedKind, "swept">; to: string; now: number },
  keep: readonly string[],
): Promise<void> {
  await db
    .prepare(
      `UPDATE media SET attached_kind = NULL, attached_to = NULL, attached_at = ?3
       WHERE attached_kind = ?1 AND attached_to = ?2
         AND id NOT IN (SELECT value FROM json_each(?4))
         AND COALESCE(thumb_of, '') NOT IN (SELECT value FROM json_each(?4))`,
    )
    .bind(target.kind, target.to, target.now, JSON.stringify(keep))
    .run();
}

/**
 * The files of a message deleted for everyone in room `roomId` (and their thumbnails): marked
 * swept at once, so that no one fetches them again (src/media/access.ts) and the sweep
 * deletes their bytes on its next run. Idempotent.
 */
export async function purge(db: D1Database, roomId: string, ids: readonly string[]): Promise<void> {
  await db
    .prepare(
      `UPDATE media SET attached_kind = 'swept'
       WHERE attached_kind = 'room' AND attached_to = ?1
         AND (id IN (SELECT value FROM json_each(?2))
              OR thumb_of IN (SELECT value FROM json_each(?2)))`,
    )
    .bind(roomId, JSON.stringify(ids))
    .run();
}
