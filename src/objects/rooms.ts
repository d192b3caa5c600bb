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

/** An object's chats, oldest first, at most `limit` of them. */
export async function objectRooms(
  db: D1Database,
  objectId: string,
  limit: number,
): Promise<ObjectChat[]> {
  const { results } = await db
    .prepare(
      `SELECT room_id, asker_id, created_at FROM object_rooms WHERE object_id = ?
       ORDER BY created_at, asker_id LIMIT ?`,
    )
    .bind(objectId, limit)
    .all();
  return results.map((raw) => {
    const parsed = v.safeParse(ObjectRoomRow, raw);
    if (!parsed.success) throw new Error("object_rooms row does not match the expected shape");
    const row = parsed.output;
    return { roomId: row.room_id, askerId: row.asker_id, createdAt: row.created_at };
  });
}
