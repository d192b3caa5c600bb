/** The chats about each object in D1 (`object_rooms`): recorded when opened, listed by owner. */
import * as v from "valibot";
import type { ObjectChat } from "../protocol";

const ObjectRoomRow = v.object({
  room_id: v.string(),
  asker_id: v.string(),
  created_at: v.number(),
});

/** Records a chat; opening it again changes nothing. */
export async function recordObjectRoom(
  db: D1Database,
  chat: ObjectChat & { objectId: string },
): Promise<void> {
  await db
    .prepare(
      `INSERT OR IGNORE INTO object_rooms (object_id, asker_id, room_id, created_at)
       VALUES (?, ?, ?, ?)`,
    )
    .bind(chat.objectId, chat.askerId, chat.roomId, chat.createdAt)
    .run();
}

/** An object's chats, oldest first, at most `limit` of them, after `after` when given. */
export async function objectRooms(
  db: D1Database,
  objectId: string,
  limit: number,
  after?: { createdAt: number; askerId: string },
): Promise<ObjectChat[]> {
  const page = after ? "AND (created_at, asker_id) > (?3, ?4)" : "";
  const statement = db.prepare(
    `SELECT room_id, asker_id, created_at FROM object_rooms WHERE object_id = ?1 ${page}
     ORDER BY created_at, asker_id LIMIT ?2`,
  );
  const { results } = await (after
    ? statement.bind(objectId, limit, after.createdAt, after.askerId)
    : statement.bind(objectId, limit)
  ).all();
  return results.map((raw) => {
    const parsed = v.safeParse(ObjectRoomRow, raw);
    if (!parsed.success) throw new Error("object_rooms row does not match the expected shape");
    const row = parsed.output;
    return { roomId: row.room_id, askerId: row.asker_id, createdAt: row.created_at };
  });
}

/** Whether `askerId` has a chat about the object. */
export async function hasChat(db: D1Database, objectId: string, askerId: string): Promise<boolean> {
  const row = await db
    .prepare("SELECT 1 AS one FROM object_rooms WHERE object_id = ? AND asker_id = ?")
    .bind(objectId, askerId)
    .first();
  return row !== null;
}
