/**
 * Closing a revoked device's sockets. Revocation itself is in D1 (revokeDevice): from then
 * on its refresh tokens and tickets are refused. Its open sockets are then closed with 4001:
 * those on the user's session, and its room sockets, found from the rooms its tickets opened
 * (`device_rooms`). Until every close is confirmed the device owes one (`sockets_closed_at`
 * NULL), and the scheduled sweep tries again, so a close lost on the way is not lost for good.
 */
import { roomStub, sessionStub } from "../durable/stubs";
import type { Env } from "../env";

/** Who holds a device's sockets: the user's session and the rooms it opened. */
export interface SocketHolders {
  closeSession(userId: string, deviceId: string): Promise<void>;
  closeRoom(roomId: string, userId: string, deviceId: string): Promise<void>;
}

/**
 * Closes every socket of a revoked device. When a close fails, the device stays owed for
 * {@link retryOwedCloses}.
 */
export async function closeDeviceSockets(
  db: D1Database,
  holders: SocketHolders,
  device: { userId: string; deviceId: string },
  now: number,
): Promise<void> {
  const { userId, deviceId } = device;
  const rooms = await db
    .prepare("SELECT room_id FROM device_rooms WHERE device_id = ?")
    .bind(deviceId)
    .all<{ room_id: string }>();
  const closes = await Promise.allSettled([
    holders.closeSession(userId, deviceId),
    ...rooms.results.map((row) => holders.closeRoom(row.room_id, userId, deviceId)),
  ]);
  const failed = closes.find((c): c is PromiseRejectedResult => c.status === "rejected");
  if (failed) {
    console.error(`closing the sockets of device ${deviceId} failed:`, failed.reason);
    return;
  }
  await db.batch([
    db.prepare("UPDATE devices SET sockets_closed_at = ?2 WHERE id = ?1").bind(deviceId, now),
    db.prepare("DELETE FROM device_rooms WHERE device_id = ?").bind(deviceId),
  ]);
}

/** Tries the closes still owed, oldest revocation first, at most `limit` devices a run. */
export async function retryOwedCloses(
  db: D1Database,
  holders: SocketHolders,
  now: number,
  limit: number,
): Promise<void> {
  const owed = await db
    .prepare(
      `SELECT id, user_id FROM devices WHERE revoked_at IS NOT NULL AND sockets_closed_at IS NULL
       ORDER BY revoked_at LIMIT ?`,
    )
    .bind(limit)
    .all<{ id: string; user_id: string }>();
  for (const row of owed.results) {
    await closeDeviceSockets(db, holders, { userId: row.user_id, deviceId: row.id }, now);
  }
}

/** The holders as this deployment's objects: the user's UserSession and each ChatRoom. */
export function holdersIn(env: Env): SocketHolders {
  return {
    async closeSession(userId, deviceId) {
      const stub = sessionStub(env, userId);
      await stub.closeDevice(deviceId, "signed out");
    },
    async closeRoom(roomId, userId, deviceId) {
      const stub = roomStub(env, roomId);
      await stub.closeDevice(userId, deviceId);
    },
  };
}
