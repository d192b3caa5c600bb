/** Media metadata in D1 (`media`): written once an upload is stored, read by its routes. */
import * as v from "valibot";
import { MEDIA_TYPES, type MediaInfo } from "../protocol";

const MediaRow = v.object({
  id: v.string(),
  owner_id: v.string(),
  type: v.picklist(MEDIA_TYPES),
  size: v.number(),
  name: v.nullable(v.string()),
  width: v.nullable(v.number()),
  height: v.nullable(v.number()),
  sha256: v.string(),
  created_at: v.number(),
});

export async function insertMedia(db: D1Database, media: MediaInfo): Promise<void> {
  await db
    .prepare(
      `INSERT INTO media (id, owner_id, type, size, name, width, height, sha256, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
    )
    .run();
}

export async function findMedia(db: D1Database, id: string): Promise<MediaInfo | null> {
  const raw = await db.prepare("SELECT * FROM media WHERE id = ?").bind(id).first();
  if (!raw) return null;
  const parsed = v.safeParse(MediaRow, raw);
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
    createdAt: row.created_at,
  };
}
