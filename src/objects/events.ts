/**
 * The outbox of object changes in D1 (`object_events`, docs/decisions/0011): written in the
 * same batch as the change it records, read by the chats that must hear of it, marked
 * delivered by the queue's consumer, and found again by the sweep when its job was lost.
 */
import * as v from "valibot";
import { cardOf, type ObjectChange } from "../protocol";
import { OBJECT_COLUMNS, toStoredObject } from "./rows";

/** The object's row as JSON with its column names: what `toStoredObject` reads back. */
const SNAPSHOT = `json_object(${[...OBJECT_COLUMNS, "deleted_at"]
  .map((column) => `'${column}', ${column}`)
  .join(", ")})`;

/**
 * Records the change the statement just before it in the same batch made to object `?1`
 * (`?2` is now): only when that statement changed a row, so a change that did not happen
 * records nothing.
 */
export function recordChange(db: D1Database, objectId: string, now: number): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO object_events (object_id, version, snapshot, created_at)
       SELECT id, version, ${SNAPSHOT}, ?2 FROM objects WHERE id = ?1 AND changes() = 1`,
    )
    .bind(objectId, now);
}

const EventRow = v.object({ version: v.number(), snapshot: v.string() });

/** The changes of `objectId` after `version`, oldest first, at most `limit`. */
export async function eventsAfter(
  db: D1Database,
  objectId: string,
  version: number,
  limit: number,
): Promise<ObjectChange[]> {
  const { results } = await db
    .prepare(
      `SELECT version, snapshot FROM object_events WHERE object_id = ? AND version > ?
       ORDER BY version LIMIT ?`,
    )
    .bind(objectId, version, limit)
    .all();
  return results.map((raw) => {
    const parsed = v.safeParse(EventRow, raw);
    if (!parsed.success) throw new Error("object_events row does not match the expected shape");
    const stored = toStoredObject(JSON.parse(parsed.output.snapshot));
    return {
      version: parsed.output.version,
      card: cardOf(stored.object, stored.deletedAt !== null),
    };
  });
}

/** Every chat about `objectId` has its changes up to `version`. */
export async function markDelivered(
  db: D1Database,
  objectId: string,
  version: number,
  now: number,
): Promise<void> {
  await db
    .prepare(
      `UPDATE object_events SET delivered_at = ? WHERE object_id = ? AND version <= ?
       AND delivered_at IS NULL`,
    )
    .bind(now, objectId, version)
    .run();
}

const Undelivered = v.object({ object_id: v.string(), version: v.number() });

/**
 * Changes made before `before` that no job has delivered yet (a crash between the change and
 * its enqueue, or a job that went to the dead-letter queue): the newest version of each
 * object, at most `limit` objects.
 */
export async function undelivered(
  db: D1Database,
  before: number,
  limit: number,
): Promise<{ objectId: string; version: number }[]> {
  const { results } = await db
    .prepare(
      `SELECT object_id, MAX(version) AS version FROM object_events
       WHERE delivered_at IS NULL AND created_at < ? GROUP BY object_id LIMIT ?`,
    )
    .bind(before, limit)
    .all();
  return results.map((raw) => {
    const parsed = v.safeParse(Undelivered, raw);
    if (!parsed.success) throw new Error("object_events row does not match the expected shape");
    return { objectId: parsed.output.object_id, version: parsed.output.version };
  });
}
