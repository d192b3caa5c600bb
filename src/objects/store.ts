/**
 * Objects in D1: insert, read, edit (one statement, the version bumped), delete (kept,
 * marked), and one owner's pages. Every change writes its event in the same batch (see
 * ./events.ts), for the chats about the object.
 */
import type { ChatObject, ObjectPage } from "../protocol";
import { objectCursor } from "../protocol";
import { recordChange } from "./events";
import { OBJECT_COLUMNS, objectValues, type StoredObject, toStoredObject } from "./rows";

const INSERT = `INSERT INTO objects (${OBJECT_COLUMNS.join(", ")})
  VALUES (${OBJECT_COLUMNS.map((_, i) => `?${i + 1}`).join(", ")})`;

export async function insertObject(db: D1Database, object: ChatObject): Promise<void> {
  await db
    .prepare(INSERT)
    .bind(...objectValues(object))
    .run();
}

export async function findObject(db: D1Database, id: string): Promise<StoredObject | null> {
  const row = await db.prepare("SELECT * FROM objects WHERE id = ?").bind(id).first();
  return row ? toStoredObject(row) : null;
}

/**
 * Applies an edit (`columns`, from src/objects/change.ts) in one statement, the version
 * bumped: edits that race are each applied whole, in some order. Null when the object is
 * gone (deleted meanwhile).
 */
export async function editObject(
  db: D1Database,
  id: string,
  columns: [string, string | number | null][],
  now: number,
): Promise<ChatObject | null> {
  const sets = columns.map(([column], i) => `${column} = ?${i + 3}`);
  const [edited] = await db.batch([
    db
      .prepare(
        `UPDATE objects SET ${[...sets, "updated_at = ?2", "version = version + 1"].join(", ")}
         WHERE id = ?1 AND deleted_at IS NULL RETURNING *`,
      )
      .bind(id, now, ...columns.map(([, value]) => value)),
    recordChange(db, id, now),
  ]);
  const row = edited?.results[0];
  return row ? toStoredObject(row).object : null;
}

/**
 * Marks an object deleted (its chats keep it, read-only); the new version, or null when it
 * was deleted already.
 */
export async function markDeleted(db: D1Database, id: string, now: number): Promise<number | null> {
  const [deleted] = await db.batch([
    db
      .prepare(
        `UPDATE objects SET deleted_at = ?2, updated_at = ?2, version = version + 1
         WHERE id = ?1 AND deleted_at IS NULL RETURNING version`,
      )
      .bind(id, now),
    recordChange(db, id, now),
  ]);
  const row = deleted?.results[0] as { version?: unknown } | undefined;
  return typeof row?.version === "number" ? row.version : null;
}

/** One owner's objects, newest first, just after `after`. */
export async function ownerPage(
  db: D1Database,
  ownerId: string,
  limit: number,
  after: { createdAt: number; id: string } | null,
): Promise<ObjectPage> {
  const where = after
    ? "owner_id = ?1 AND deleted_at IS NULL AND (created_at, id) < (?3, ?4)"
    : "owner_id = ?1 AND deleted_at IS NULL";
  const statement = db.prepare(
    `SELECT * FROM objects WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT ?2`,
  );
  const { results } = await (after
    ? statement.bind(ownerId, limit + 1, after.createdAt, after.id)
    : statement.bind(ownerId, limit + 1)
  ).all();
  const objects = results.slice(0, limit).map((row) => toStoredObject(row).object);
  const last = objects.at(-1);
  return { objects, nextCursor: results.length > limit && last ? objectCursor(last) : null };
}
