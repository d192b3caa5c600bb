/**
 * A real RoomStore in a fresh ChatRoom object's SQLite, for tests of the room's storage and
 * logic without its sockets.
 */
import { env, runInDurableObject } from "cloudflare:test";
import type { RoomContext } from "../../src/room/room";
import { RoomStore } from "../../src/room/store";
import { DEFAULT_SETTINGS, type Settings } from "../../src/settings";

export interface StoreHarness {
  store: RoomStore;
  storage: DurableObjectStorage;
  /** The object's `transactionSync`. */
  transaction: <R>(f: () => R) => R;
  /** A room context over the store, at a fixed time. */
  context(settings?: Settings, now?: number): RoomContext;
}

/** Runs `fn` inside a fresh ChatRoom object (named `<prefix>-<random>`), with its store. */
export async function withRoomStore<T>(
  fn: (harness: StoreHarness) => Promise<T> | T,
  prefix = "grp:test",
): Promise<T> {
  const stub = env.CHAT_ROOM.get(env.CHAT_ROOM.idFromName(`${prefix}-${crypto.randomUUID()}`));
  return runInDurableObject(stub, (_instance, state) => {
    const store = new RoomStore(state.storage);
    const transaction = <R>(f: () => R) => state.storage.transactionSync(f);
    return fn({
      store,
      storage: state.storage,
      transaction,
      context: (settings = DEFAULT_SETTINGS, now = 1) => ({ store, settings, now, transaction }),
    });
  });
}
