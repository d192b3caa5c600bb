/** A SessionStore in a fresh UserSession object, and messages to log in it. */
import { env, runInDurableObject } from "cloudflare:test";
import type { ChatMessage, ReadReceipt, RoomSummary } from "../../src/protocol";
import { SessionStore } from "../../src/session/store";
import { textMessage } from "./messages";

/** Runs `fn` with a SessionStore in a fresh UserSession object's SQLite, and that storage. */
export async function withStore<T>(
  fn: (store: SessionStore, storage: DurableObjectStorage) => Promise<T> | T,
): Promise<T> {
  const stub = env.USER_SESSION.get(env.USER_SESSION.idFromName(`cache-${crypto.randomUUID()}`));
  return runInDurableObject(stub, (_instance, state) =>
    fn(new SessionStore(state.storage), state.storage),
  );
}

export const group: RoomSummary = { id: "grp:g", kind: "group", title: "g" };
export const direct: RoomSummary = { id: "dm:a:me", kind: "direct", title: null };

export function text(room: RoomSummary, seq: number): ChatMessage {
  return textMessage(seq, { roomId: room.id, clientMsgId: `c${seq}` });
}

export const noReads: ReadReceipt = { readSeq: 0, upTo: 0, unreadCount: 0 };

/** Logs messages `from`..`to` of a room for user "me", in one transaction. */
export function deliver(store: SessionStore, room: RoomSummary, from: number, to: number) {
  const messages: ChatMessage[] = [];
  for (let seq = from; seq <= to; seq++) messages.push(text(room, seq));
  return store.transaction(() => store.append("me", room, messages, noReads, 1));
}
