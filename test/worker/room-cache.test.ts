import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import * as room from "../../src/room/room";
import { RECENT_MESSAGES_CACHED, RoomStore } from "../../src/room/store";
import { DEFAULT_SETTINGS } from "../../src/settings";

/** Runs `fn` with a RoomStore in a fresh ChatRoom object's SQLite, and that storage. */
async function withStore<T>(
  fn: (store: RoomStore, storage: DurableObjectStorage) => Promise<T> | T,
): Promise<T> {
  const stub = env.CHAT_ROOM.get(env.CHAT_ROOM.idFromName(`grp:cache-${crypto.randomUUID()}`));
  return runInDurableObject(stub, (_instance, state) =>
    fn(new RoomStore(state.storage), state.storage),
  );
}

function ctxFor(store: RoomStore) {
  return {
    store,
    settings: DEFAULT_SETTINGS,
    now: 1,
    transaction: <T>(fn: () => T) => store.transaction(fn),
  };
}

describe("the room store's copies in memory", () => {
  it("serve fanout's reads exactly as SQLite would, and fall back past the newest messages", async () => {
    await withStore((store, storage) => {
      const ctx = ctxFor(store);
      room.create(ctx, { id: "grp:c", kind: "group", title: "c", ownerId: "a", memberIds: ["b"] });
      const total = RECENT_MESSAGES_CACHED + 10;
      for (let i = 0; i < total; i++) {
        room.send(ctx, {
          senderId: i % 2 ? "a" : "b",
          clientMsgId: `m${i}`,
          body: `héllo ${i} "q"`,
        });
      }
      const fresh = new RoomStore(storage); // nothing in memory: every read is a query
      const last = store.room()?.lastSeq ?? 0;
      expect(last).toBe(total + 1);
      for (const [after, upTo, limit] of [
        [last - 5, last, 100], // the newest few
        [last - RECENT_MESSAGES_CACHED, last, 1_000], // exactly what is kept
        [last - RECENT_MESSAGES_CACHED - 1, last, 1_000], // one older: from SQLite
        [0, last, 50], // from the start
        [last - 20, last - 10, 100], // a range that stops short of the newest
        [last - 20, last, 3], // cut by the limit
        [last, last, 10], // nothing
      ] as const) {
        expect(store.messagesBetween("grp:c", after, upTo, limit)).toEqual(
          fresh.messagesBetween("grp:c", after, upTo, limit),
        );
      }
      expect(store.room()).toEqual(fresh.room());
    });
  });

  it("are dropped with a transaction that fails, so a rolled-back message is never seen", async () => {
    await withStore((store) => {
      const ctx = ctxFor(store);
      room.create(ctx, { id: "grp:r", kind: "group", title: "r", ownerId: "a", memberIds: [] });
      room.send(ctx, { senderId: "a", clientMsgId: "kept", body: "kept" });
      const before = store.room()?.lastSeq ?? 0;
      expect(() =>
        store.transaction(() => {
          store.append({ kind: "text", senderId: "a", body: "lost", createdAt: 2 }, "grp:r");
          expect(store.room()?.lastSeq).toBe(before + 1);
          throw new Error("a later write failed");
        }),
      ).toThrow("a later write failed");
      expect(store.room()?.lastSeq).toBe(before);
      expect(store.messagesBetween("grp:r", 0, before + 1, 10).map((m) => m.body)).not.toContain(
        "lost",
      );
      // The next message takes the seq the rolled-back one had, and is served in order.
      room.send(ctx, { senderId: "a", clientMsgId: "next", body: "next" });
      expect(store.messagesBetween("grp:r", before - 1, before + 1, 10).map((m) => m.body)).toEqual(
        ["kept", "next"],
      );
    });
  });
});
