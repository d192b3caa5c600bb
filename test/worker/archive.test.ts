/**
 * Archiving a room's messages to D1 (src/room/archive.ts) against real D1 and real Durable
 * Object storage, with faults injected into the D1 calls: each message ends up archived
 * exactly once, a second run changes nothing, and trimming never drops what D1 or a
 * member's session still lacks.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { archiveRoom } from "../../src/room/archive";
import * as room from "../../src/room/room";
import { RoomStore } from "../../src/room/store";
import { DEFAULT_SETTINGS, type Settings } from "../../src/settings";

const SMALL: Settings = {
  ...DEFAULT_SETTINGS,
  ARCHIVE_CHUNK: 5,
  ARCHIVE_BATCH_MAX: 100,
  RETENTION_MESSAGES: 10,
  RETENTION_AGE_SECONDS: 0,
};

/** A room with `count` text messages in a fresh object, every member's session caught up. */
async function withRoom<T>(
  count: number,
  fn: (ctx: {
    store: RoomStore;
    roomId: string;
    run: (db: D1Database, settings?: Settings, now?: number) => ReturnType<typeof archiveRoom>;
    rows: () => number;
    sql: SqlStorage;
    ctx: room.RoomContext;
  }) => Promise<T>,
): Promise<T> {
  const roomId = `grp:arch-${crypto.randomUUID()}`;
  const stub = env.CHAT_ROOM.get(env.CHAT_ROOM.idFromName(roomId));
  return runInDurableObject(stub, async (_instance, state) => {
    const store = new RoomStore(state.storage);
    const transaction = <R>(f: () => R) => state.storage.transactionSync(f);
    const ctx = { store, settings: SMALL, now: Date.now(), transaction };
    room.create(ctx, { id: roomId, kind: "group", title: "a", ownerId: "a", memberIds: ["b"] });
    for (let i = 0; i < count; i++) {
      room.send(ctx, { senderId: i % 3 ? "a" : "b", clientMsgId: `m${i}`, body: `message ${i}` });
    }
    const last = store.room()?.lastSeq ?? 0;
    for (const id of ["a", "b"]) store.delivered(id, last, 0);
    // Into SQLite now, so that a test may set a member's progress there by hand.
    transaction(() => store.flushProgress());
    return fn({
      store,
      roomId,
      run: (db, settings = SMALL, now = Date.now() + 1) =>
        archiveRoom({ store, db, settings, now: () => now, transaction }),
      rows: () => Number(state.storage.sql.exec("SELECT COUNT(*) AS n FROM messages").one().n),
      sql: state.storage.sql,
      ctx,
    });
  });
}

async function archived(roomId: string): Promise<number[]> {
  const rows = await env.DB.prepare(
    "SELECT seq FROM archive_messages WHERE room_id = ? ORDER BY seq",
  )
    .bind(roomId)
    .all<{ seq: number }>();
  return rows.results.map((r) => r.seq);
}

/** D1 that fails the `n`th batch: before running it, or after (the answer is lost). */
function failingDb(n: number, when: "before" | "after"): D1Database {
  let calls = 0;
  return new Proxy(env.DB, {
    get(target, key) {
      if (key !== "batch") return Reflect.get(target, key, target);
      return async (statements: D1PreparedStatement[]) => {
        calls += 1;
        if (calls === n && when === "before") throw new Error("injected: D1 unavailable");
        const result = await target.batch(statements);
        if (calls === n && when === "after") throw new Error("injected: answer lost");
        return result;
      };
    },
  });
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("archiving to D1", () => {
  it.each([
    ["fails before the third batch runs", 3, "before"],
    ["loses the answer to the second batch", 2, "after"],
  ] as const)("retries a run that %s, and archives each message once", async (_what, n, when) => {
    await withRoom(30, async ({ roomId, run, rows }) => {
      await expect(run(failingDb(n, when))).rejects.toThrow(/injected/);
      const partial = await archived(roomId);
      expect(partial.length).toBeGreaterThan(0);
      expect(partial.length).toBeLessThan(31);
      expect(rows()).toBe(31); // nothing trimmed by a failed run
      const retried = await run(env.DB);
      expect(retried.more).toBe(false);
      expect(await archived(roomId)).toEqual(range(1, 31));
      expect(rows()).toBe(10); // trimmed to the window once D1 has everything
    });
  });

  it("changes nothing on a second run", async () => {
    await withRoom(25, async ({ roomId, run, rows, store }) => {
      await run(env.DB);
      const snapshot = await env.DB.prepare(
        "SELECT rowid, * FROM archive_messages WHERE room_id = ? ORDER BY seq",
      )
        .bind(roomId)
        .all();
      const kept = rows();
      const second = await run(env.DB);
      expect(second).toMatchObject({ archived: 0, more: false, trimmedTo: 16 });
      const again = await env.DB.prepare(
        "SELECT rowid, * FROM archive_messages WHERE room_id = ? ORDER BY seq",
      )
        .bind(roomId)
        .all();
      expect(again.results).toEqual(snapshot.results);
      expect(rows()).toBe(kept);
      expect(store.retention.state()).toMatchObject({ archivedSeq: 26, trimmedTo: 16 });
    });
  });

  it("stops at ARCHIVE_BATCH_MAX a run and says more remain", async () => {
    await withRoom(12, async ({ roomId, run }) => {
      const first = await run(env.DB, { ...SMALL, ARCHIVE_BATCH_MAX: 7 });
      expect(first).toMatchObject({ archived: 7, more: true });
      const second = await run(env.DB, { ...SMALL, ARCHIVE_BATCH_MAX: 7 });
      expect(second).toMatchObject({ archived: 6, more: false });
      expect(await archived(roomId)).toEqual(range(1, 13));
    });
  });

  it("keeps what a member's session still lacks, and anything younger than the age", async () => {
    await withRoom(20, async ({ run, rows, sql }) => {
      // b's session has only up to seq 5 (its deliveries are failing, say).
      sql.exec("UPDATE members SET delivered_seq = 5 WHERE user_id = 'b'");
      expect((await run(env.DB)).trimmedTo).toBe(5);
      expect(rows()).toBe(21 - 5);
      sql.exec("UPDATE members SET delivered_seq = 21 WHERE user_id = 'b'");
      // Everything is younger than an hour: nothing more goes.
      expect((await run(env.DB, { ...SMALL, RETENTION_AGE_SECONDS: 3_600 })).trimmedTo).toBe(5);
      expect((await run(env.DB)).trimmedTo).toBe(11);
    });
  });

  it("keeps unread counts right across the trim point", async () => {
    await withRoom(30, async ({ run, store }) => {
      // Before trimming: what b (who sent every third message) has not read after seq 20.
      const before = [0, 20, 25].map((read) => store.unreadFor("b", read, 31));
      await run(env.DB);
      expect(store.retention.state().trimmedTo).toBe(21);
      // Watermarks inside the window count exactly as before; 0 counts everything.
      expect(store.unreadFor("b", 25, 31)).toBe(before[2]);
      expect(store.unreadFor("b", 0, 31)).toBe(before[0]);
      // A watermark below the trim point counts exactly too. (b's own messages lie at or
      // below b's watermark, as sending marks them read: seq 20 is one of them.)
      expect(store.unreadFor("b", 20, 31)).toBe(before[1]);
      expect(before[1]).toBe(8);
      // Someone who wrote none of them: every message in (10, 31].
      expect(store.unreadFor("z", 10, 31)).toBe(21);
    });
  });

  it("limits a member who leaves while D1 answers before any later message reaches D1", async () => {
    await withRoom(8, async ({ roomId, run, ctx }) => {
      let batches = 0;
      const db = new Proxy(env.DB, {
        get(target, key) {
          if (key !== "batch") return Reflect.get(target, key, target);
          return async (statements: D1PreparedStatement[]) => {
            const result = await target.batch(statements);
            if (++batches === 2) {
              // While the first message batch is in flight: b leaves, a sends on.
              room.removeMember(ctx, "b", "b");
              room.send(ctx, { senderId: "a", clientMsgId: "after", body: "after b left" });
            }
            return result;
          };
        },
      });
      await run(db, { ...SMALL, ARCHIVE_CHUNK: 3 });
      const visible = await env.DB.prepare(
        "SELECT visible_to FROM archive_members WHERE room_id = ? AND user_id = 'b'",
      )
        .bind(roomId)
        .first<{ visible_to: number | null }>();
      const after = await env.DB.prepare(
        "SELECT seq FROM archive_messages WHERE room_id = ? AND client_msg_id = 'after'",
      )
        .bind(roomId)
        .first<{ seq: number }>();
      expect(after?.seq).toBeGreaterThan(visible?.visible_to ?? Number.POSITIVE_INFINITY);
    });
  });

  it("answers a resend after its message was trimmed with the original seq, within the window", async () => {
    await withRoom(30, async ({ run, rows, ctx }) => {
      await run(env.DB);
      expect(rows()).toBe(10); // m0 (seq 2) is long gone from the object
      const resent = room.send(ctx, { senderId: "b", clientMsgId: "m0", body: "message 0" });
      expect(resent).toMatchObject({ ok: true, value: { value: { seq: 2, duplicate: true } } });
      // Past DEDUPE_WINDOW_SECONDS the key is forgotten and a resend is a new message.
      const later = Date.now() + SMALL.DEDUPE_WINDOW_SECONDS * 1000 + 1_000;
      await run(env.DB, SMALL, later);
      const fresh = room.send(ctx, { senderId: "b", clientMsgId: "m0", body: "message 0" });
      expect(fresh).toMatchObject({ ok: true, value: { value: { seq: 32, duplicate: false } } });
    });
  });
});
