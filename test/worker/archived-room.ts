/**
 * A room whose messages carry the times a test chooses, archived to D1 through the real
 * archive path (src/room/archive.ts): for search tests that need equal or out-of-order
 * times, which real sends cannot be made to have.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { archiveRoom } from "../../src/room/archive";
import * as room from "../../src/room/room";
import { RoomStore } from "../../src/room/store";
import { DEFAULT_SETTINGS } from "../../src/settings";

export interface Timed {
  at: number;
  body: string;
}

/** Creates a group owned by `ownerId` holding `messages` (each stored at its `at`). */
export async function timedRoom(ownerId: string, messages: Timed[]): Promise<string> {
  const roomId = `grp:${crypto.randomUUID()}`;
  const stub = env.CHAT_ROOM.get(env.CHAT_ROOM.idFromName(roomId));
  await runInDurableObject(stub, (_instance, state) => {
    const store = new RoomStore(state.storage);
    const transaction = <R>(f: () => R) => state.storage.transactionSync(f);
    const at = (now: number) => ({ store, settings: DEFAULT_SETTINGS, now, transaction });
    const first = Math.min(...messages.map((m) => m.at)) - 1;
    room.create(at(first), { id: roomId, kind: "group", title: "t", ownerId, memberIds: [] });
    messages.forEach((m, i) => {
      room.send(at(m.at), { senderId: ownerId, clientMsgId: `c${i}`, body: m.body });
    });
  });
  return roomId;
}

/** Copies what the room holds to the D1 archive, as its alarm would. */
export async function archiveNow(roomId: string): Promise<void> {
  const stub = env.CHAT_ROOM.get(env.CHAT_ROOM.idFromName(roomId));
  await runInDurableObject(stub, async (_instance, state) => {
    const store = new RoomStore(state.storage);
    await archiveRoom({
      store,
      db: env.DB,
      settings: DEFAULT_SETTINGS,
      now: () => Date.now(),
      transaction: (f) => state.storage.transactionSync(f),
    });
  });
}
