import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { RECENT_MESSAGES_CACHED } from "../../src/room/recent";
import * as room from "../../src/room/room";
import { RoomStore } from "../../src/room/store";
import { DEFAULT_SETTINGS } from "../../src/settings";
import { createGroup, signUp } from "./helpers";
import { withRoomStore } from "./room-store";
import { until } from "./sdk";

/** Runs `fn` with a RoomStore in a fresh ChatRoom object's SQLite, and that storage. */
const withStore = <T>(fn: (store: RoomStore, storage: DurableObjectStorage) => Promise<T> | T) =>
  withRoomStore(({ store, storage }) => fn(store, storage), "grp:cache");

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
      // Read and received marks move the copy of the members as they move SQLite's.
      const readBefore = store.member("b")?.readSeq ?? 0; // b's own last message
      store.transaction(() => store.markRead("b", last - 1));
      store.markReceived("a", last + 50); // never past the last seq
      store.markRead("b", 2); // never back
      for (const userId of ["a", "b"]) {
        expect(store.member(userId)).toEqual(new RoomStore(storage).member(userId));
      }
      expect(store.member("b")?.readSeq).toBe(Math.max(readBefore, last - 1));
      expect(store.member("a")?.receivedSeq).toBe(last);
      // Unread counts, for a sender and a reader, inside, at the edge of and past what is kept.
      for (const userId of ["a", "b", "c"]) {
        for (const readSeq of [
          last,
          last - 1,
          last - 7,
          last - RECENT_MESSAGES_CACHED,
          last - RECENT_MESSAGES_CACHED - 1,
          0,
        ]) {
          for (const upTo of [last, last - 3]) {
            expect(store.unreadFor(userId, readSeq, upTo)).toBe(
              fresh.unreadFor(userId, readSeq, upTo),
            );
          }
        }
      }
      // A new instance holds only what it appended: older watermarks are counted by SQLite.
      const later = new RoomStore(storage);
      room.addMembers(ctxFor(later), "a", ["c"]);
      for (let i = 0; i < 3; i++) {
        room.send(ctxFor(later), { senderId: "c", clientMsgId: `n${i}`, body: "later" });
      }
      const now = later.room()?.lastSeq ?? 0;
      const sql = new RoomStore(storage);
      for (const readSeq of [now - 2, now - 4, now - 5, 0]) {
        for (const userId of ["a", "c"]) {
          expect(later.unreadFor(userId, readSeq, now)).toBe(sql.unreadFor(userId, readSeq, now));
        }
      }
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

describe("running counts", () => {
  it("build on the last message's in memory, as a count over the rows would", async () => {
    await withStore((store, storage) => {
      const ctx = ctxFor(store);
      room.create(ctx, { id: "grp:n", kind: "group", title: "n", ownerId: "a", memberIds: ["b"] });
      const sendAs = (s: RoomStore, senderId: string, key: string) =>
        room.send(ctxFor(s), { senderId, clientMsgId: key, body: key });
      for (const [i, senderId] of ["a", "b", "a", "a", "b"].entries())
        sendAs(store, senderId, `m${i}`);
      room.addMembers(ctx, "a", ["c"]); // a system message between texts
      sendAs(store, "c", "c1");
      expect(() =>
        store.transaction(() => {
          store.append({ kind: "text", senderId: "b", body: "lost", createdAt: 1 }, "grp:n");
          throw new Error("rolled back");
        }),
      ).toThrow("rolled back");
      sendAs(store, "b", "after the rollback");
      sendAs(store, "a", "a4");
      // A new instance knows nothing in memory and goes on from the rows.
      const later = new RoomStore(storage);
      sendAs(later, "c", "c2");
      sendAs(later, "b", "b3");
      sendAs(later, "c", "c3");

      const rows = storage.sql
        .exec("SELECT kind, sender_id, text_count, sender_count FROM messages ORDER BY seq")
        .toArray();
      let texts = 0;
      const bySender = new Map<string, number>();
      const expected = rows.map((row) => {
        const sender = typeof row.sender_id === "string" ? row.sender_id : null;
        if (row.kind !== "system") texts += 1;
        if (sender !== null && row.kind !== "system") {
          bySender.set(sender, (bySender.get(sender) ?? 0) + 1);
        }
        return { text: texts, sender: sender === null ? 0 : (bySender.get(sender) ?? 0) };
      });
      expect(rows.map((row) => ({ text: row.text_count, sender: row.sender_count }))).toEqual(
        expected,
      );
      expect(texts).toBe(11);
    });
  });
});

describe("running counts across a trim", () => {
  it("go on from the newest message's, whether or not the trimmed rows held the sender's last", async () => {
    await withStore((store, storage) => {
      const ctx = ctxFor(store);
      room.create(ctx, {
        id: "grp:t",
        kind: "group",
        title: "t",
        ownerId: "a",
        memberIds: ["b", "c"],
      });
      const senders = ["a", "c", "b", "b", "a", "b"];
      for (const [i, senderId] of senders.entries())
        room.send(ctx, { senderId, clientMsgId: `t${i}`, body: `t${i}` });
      // What retention.ts does: the counts at the trim point are kept, then the rows go.
      const trimTo = store.room()?.lastSeq ?? 0;
      store.transaction(() => {
        store.trimming(trimTo - 1);
        storage.sql.exec("DELETE FROM messages WHERE seq <= ?", trimTo - 1);
      });
      // "c" wrote nothing that is left; "b" wrote the one kept row.
      for (const [i, senderId] of ["c", "a", "b"].entries())
        room.send(ctx, { senderId, clientMsgId: `u${i}`, body: `u${i}` });
      const rows = storage.sql
        .exec("SELECT sender_id, text_count, sender_count FROM messages ORDER BY seq")
        .toArray()
        .map((row) => [row.sender_id, row.text_count, row.sender_count]);
      expect(rows).toEqual([
        ["b", 6, 3],
        ["c", 7, 2],
        ["a", 8, 3],
        ["b", 9, 4],
      ]);
    });
  });
});

describe("delivery progress", () => {
  const progress = (storage: DurableObjectStorage, userId: string) =>
    Number(
      storage.sql.exec("SELECT delivered_seq FROM members WHERE user_id = ?", userId).one()
        .delivered_seq,
    );

  it("moves in memory first and reaches SQLite with flushProgress or before any member change", async () => {
    await withStore((store, storage) => {
      const ctx = ctxFor(store);
      room.create(ctx, { id: "grp:p", kind: "group", title: "p", ownerId: "a", memberIds: ["b"] });
      room.send(ctx, { senderId: "a", clientMsgId: "m1", body: "one" });
      const last = store.room()?.lastSeq ?? 0;
      expect(store.lagging().map((l) => l.userId)).toEqual(["a", "b"]);
      // The sender has read their own message: that watermark goes to their session too.
      store.delivered("a", last, store.member("a")?.readSeq ?? 0);
      expect(store.lagging().map((l) => l.userId)).toEqual(["b"]);
      expect(store.unflushedProgress()).toBe(true);
      expect(progress(storage, "a")).toBe(0);
      store.transaction(() => store.flushProgress());
      expect(progress(storage, "a")).toBe(last);
      expect(store.unflushedProgress()).toBe(false);
      // A change to the members writes what is in memory first, in the same transaction.
      store.delivered("b", last, 0);
      room.send(ctx, { senderId: "a", clientMsgId: "m2", body: "two" });
      store.transaction(() => store.setRole("b", "admin"));
      expect(progress(storage, "b")).toBe(last);
      expect(store.member("b")?.role).toBe("admin");
      // What another instance (after an eviction) would read agrees with this one.
      const fresh = new RoomStore(storage);
      expect(fresh.lagging()).toEqual(store.lagging());
    });
  });

  it("held only in memory is dropped with a failed transaction: the member lags again", async () => {
    await withStore((store, storage) => {
      const ctx = ctxFor(store);
      room.create(ctx, { id: "grp:q", kind: "group", title: "q", ownerId: "a", memberIds: [] });
      const last = store.room()?.lastSeq ?? 0;
      store.delivered("a", last, 0);
      expect(store.lagging()).toEqual([]);
      expect(() =>
        store.transaction(() => {
          throw new Error("failed");
        }),
      ).toThrow();
      // Redelivered, never skipped: SQLite never got ahead of a delivery.
      expect(store.lagging().map((l) => l.userId)).toEqual(["a"]);
      expect(progress(storage, "a")).toBe(0);
    });
  });

  it("is written by the room itself within FANOUT_PROGRESS_FLUSH_MS of a delivery", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const group = (await createGroup(alice.accessToken, "flush", [bob.user.id])).body;
    const stub = env.CHAT_ROOM.get(env.CHAT_ROOM.idFromName(group.id));
    const stored = () =>
      runInDurableObject(stub, (_instance, state) =>
        [alice.user.id, bob.user.id].map((id) => progress(state.storage, id)),
      );
    await until(
      async () => (await stored()).every((seq) => seq === group.lastSeq),
      // Sooner than the alarm (FANOUT_RETRY_MS after the commit), which writes it too.
      DEFAULT_SETTINGS.FANOUT_PROGRESS_FLUSH_MS + 400,
      "progress in SQLite",
    );
  });
});
