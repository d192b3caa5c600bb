import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../src/protocol";
import { Fanout, nextQuietRelease } from "../../src/room/fanout";
import * as room from "../../src/room/room";
import type { RoomStore } from "../../src/room/store";
import { DEFAULT_SETTINGS } from "../../src/settings";
import { Device } from "./device";
import { createGroup, signUp } from "./helpers";
import { withRoomStore } from "./room-store";

/** Runs `fn` with a real RoomStore in a fresh ChatRoom object's SQLite. */
const withStore = <T>(fn: (store: RoomStore, tx: <R>(f: () => R) => R) => Promise<T>) =>
  withRoomStore(({ store, transaction }) => fn(store, transaction));

/**
 * A room of "a" (without the room open) and "b" (every device with the room open, so its
 * session answers quiet), with fanout on a clock that moves only when the test lets the
 * pacer's pending sleep end (`wake`). Live window 1 s, quiet cycle 5 s.
 */
function quietRoom(store: RoomStore, transaction: <R>(f: () => R) => R, batchMax: number) {
  const settings = {
    ...DEFAULT_SETTINGS,
    FANOUT_BATCH_MAX: batchMax,
    FANOUT_LIVE_DELAY_MS: 1_000,
    FANOUT_QUIET_DELAY_MS: 5_000,
  };
  let now = 0;
  const ctx = () => ({ store, settings, now, transaction });
  room.create(ctx(), { id: "grp:q", kind: "group", title: "q", ownerId: "a", memberIds: ["b"] });
  const batches: number[][] = [];
  const sleeps: { ms: number; wake: () => void }[] = [];
  const fanout = new Fanout({
    store,
    settings,
    now: () => now,
    wakeAt: () => {},
    log: () => {},
    breather: () => new Promise((r) => setTimeout(r, 0)),
    sleep: (ms) => new Promise((wake) => sleeps.push({ ms, wake: () => wake() })),
    live: (userId): Record<string, number> => (userId === "b" ? { phone: 1 } : {}),
    deliver: async (userId, _room, messages) => {
      if (userId === "b") batches.push(messages.map((m) => m.seq));
      return { quiet: true };
    },
  });
  const settle = () => new Promise((r) => setTimeout(r, 5));
  return {
    fanout,
    batches,
    sleeps,
    ctx,
    settle,
    now: () => now,
    async send(key: string) {
      room.send(ctx(), { senderId: "a", clientMsgId: key, body: key });
      await fanout.pumpAll();
      await settle();
    },
    /** Lets the pacer's pending sleep end, `ms` later. */
    async wake() {
      const sleep = sleeps.at(-1);
      now += sleep?.ms ?? 0;
      sleep?.wake();
      await settle();
    },
  };
}

/** What a session answers when some device of the member did not have the room open. */
const NOT_QUIET = { quiet: false };

describe("fanout", () => {
  it("keeps delivering to healthy members while one fails, and retries the failing one with backoff", async () => {
    await withStore(async (store, transaction) => {
      let now = 1_000_000;
      const ctx = () => ({ store, settings: DEFAULT_SETTINGS, now, transaction });
      room.create(ctx(), {
        id: "grp:t",
        kind: "group",
        title: "t",
        ownerId: "a",
        memberIds: ["b", "c"],
      });
      const got = new Map<string, number[]>();
      let cFails = true;
      const wakes: number[] = [];
      const fanout = new Fanout({
        store,
        settings: DEFAULT_SETTINGS,
        now: () => now,
        wakeAt: (t) => wakes.push(t),
        breather: () => new Promise((r) => setTimeout(r, 0)),
        log: () => {},
        live: () => ({}),
        sleep: () => Promise.resolve(),
        deliver: async (userId: string, _room, messages: ChatMessage[]) => {
          if (userId === "c" && cFails) throw new Error("session unavailable");
          got.set(userId, [...(got.get(userId) ?? []), ...messages.map((m) => m.seq)]);
          return NOT_QUIET;
        },
      });
      for (let i = 0; i < 3; i++)
        room.send(ctx(), { senderId: "a", clientMsgId: `m${i}`, body: `m${i}` });
      await fanout.pumpAll();
      expect(got.get("a")).toEqual([1, 2, 3, 4]);
      expect(got.get("b")).toEqual([1, 2, 3, 4]);
      expect(got.get("c")).toBeUndefined();
      expect(wakes).toEqual([now + DEFAULT_SETTINGS.FANOUT_RETRY_MS]);
      // Still inside the backoff: not retried.
      room.send(ctx(), { senderId: "b", clientMsgId: "m9", body: "m9" });
      await fanout.pumpAll();
      expect(got.get("b")).toEqual([1, 2, 3, 4, 5]);
      expect(got.get("c")).toBeUndefined();
      // A second failure doubles the delay.
      now += DEFAULT_SETTINGS.FANOUT_RETRY_MS;
      await fanout.pumpAll();
      expect(wakes.at(-1)).toBe(now + 2 * DEFAULT_SETTINGS.FANOUT_RETRY_MS);
      // Recovered: c gets everything, once, in order, in one batch.
      cFails = false;
      now += 2 * DEFAULT_SETTINGS.FANOUT_RETRY_MS;
      await fanout.pumpAll();
      expect(got.get("c")).toEqual([1, 2, 3, 4, 5]);
      expect(fanout.lagging()).toBe(false);
    });
  });

  it("sends at most FANOUT_BATCH_MAX messages per call and one batch at a time per member", async () => {
    await withStore(async (store, transaction) => {
      const settings = { ...DEFAULT_SETTINGS, FANOUT_BATCH_MAX: 2 };
      const ctx = () => ({ store, settings, now: 1, transaction });
      room.create(ctx(), { id: "grp:u", kind: "group", title: "u", ownerId: "a", memberIds: [] });
      for (let i = 0; i < 4; i++)
        room.send(ctx(), { senderId: "a", clientMsgId: `m${i}`, body: "x" });
      const batches: number[][] = [];
      const events: string[] = [];
      let inFlight = 0;
      let maxInFlight = 0;
      const fanout = new Fanout({
        store,
        settings,
        now: () => 1,
        wakeAt: () => {},
        breather: () => {
          events.push("breather");
          return new Promise((r) => setTimeout(r, 0));
        },
        log: () => {},
        live: () => ({}),
        sleep: () => Promise.resolve(),
        deliver: async (_user, _room, messages) => {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await new Promise((r) => setTimeout(r, 5));
          batches.push(messages.map((m) => m.seq));
          events.push("deliver");
          inFlight--;
          return NOT_QUIET;
        },
      });
      await Promise.all([fanout.pumpAll(), fanout.pumpAll(), fanout.pumpAll()]);
      expect(batches).toEqual([[1, 2], [3, 4], [5]]);
      expect(maxInFlight).toBe(1);
      // A timer turn after each batch, so the runtime reads sockets between them.
      expect(events).toEqual(["deliver", "breather", "deliver", "breather", "deliver", "breather"]);
    });
  });
});

describe("the pause between a member's batches", () => {
  it("ends at the next release even when the breather's timer never fires", async () => {
    await withStore(async (store, transaction) => {
      const settings = { ...DEFAULT_SETTINGS, FANOUT_BATCH_MAX: 2 };
      const ctx = () => ({ store, settings, now: 1, transaction });
      room.create(ctx(), { id: "grp:p", kind: "group", title: "p", ownerId: "a", memberIds: [] });
      for (let i = 0; i < 4; i++)
        room.send(ctx(), { senderId: "a", clientMsgId: `m${i}`, body: "x" });
      const batches: number[][] = [];
      const fanout = new Fanout({
        store,
        settings,
        now: () => 1,
        wakeAt: () => {},
        // A runtime busy with a burst: the timer turn does not come.
        breather: () => new Promise(() => {}),
        log: () => {},
        live: () => ({}),
        sleep: () => Promise.resolve(),
        deliver: async (_user, _room, messages) => {
          batches.push(messages.map((m) => m.seq));
          return NOT_QUIET;
        },
      });
      const settle = () => new Promise((r) => setTimeout(r, 10));
      void fanout.pumpAll(); // its pipeline pauses after the first batch, for good
      await settle();
      expect(batches).toEqual([[1, 2]]);
      // A commit (or the alarm) releases again: the paused pipeline goes on, started once.
      void fanout.pumpAll();
      await settle();
      expect(batches).toEqual([
        [1, 2],
        [3, 4],
      ]);
      void fanout.pumpAll();
      await settle();
      expect(batches).toEqual([[1, 2], [3, 4], [5]]);
      void fanout.pumpAll(); // caught up: the pipeline ends, nothing more is sent
      await settle();
      expect(batches).toEqual([[1, 2], [3, 4], [5]]);
      expect(fanout.lagging()).toBe(false);
    });
  });
});

describe("unread counts in fanout's receipts", () => {
  it("are counted on from the last batch exactly as the store counts them", async () => {
    await withStore(async (store, transaction) => {
      const settings = { ...DEFAULT_SETTINGS, FANOUT_BATCH_MAX: 3 };
      const ctx = () => ({ store, settings, now: 1, transaction });
      room.create(ctx(), {
        id: "grp:n",
        kind: "group",
        title: "n",
        ownerId: "a",
        memberIds: ["b"],
      });
      const checked: number[] = [];
      const fanout = new Fanout({
        store,
        settings,
        now: () => 1,
        wakeAt: () => {},
        log: () => {},
        breather: () => new Promise((r) => setTimeout(r, 0)),
        sleep: () => Promise.resolve(),
        live: () => ({}),
        deliver: async (userId, _room, _messages, receipt) => {
          if (userId !== "b") return NOT_QUIET;
          expect(receipt.unreadCount).toBe(store.unreadFor("b", receipt.readSeq, receipt.upTo));
          checked.push(receipt.unreadCount);
          return NOT_QUIET;
        },
      });
      const send = (senderId: string, n: number) => {
        for (let i = 0; i < n; i++) {
          room.send(ctx(), { senderId, clientMsgId: crypto.randomUUID(), body: "x" });
        }
      };
      send("a", 4); // two batches for b
      await fanout.pumpAll();
      send("b", 2); // b's own messages are not unread
      send("a", 1);
      await fanout.pumpAll();
      room.addMembers(ctx(), "a", ["c"]); // a system message is not unread
      send("a", 2);
      await fanout.pumpAll();
      room.markRead(ctx(), "b", (store.room()?.lastSeq ?? 0) - 1); // the watermark moves
      send("a", 2);
      await fanout.pumpAll();
      expect(checked).toEqual([2, 4, 1, 3, 3]);
    });
  });
});

describe("fanout to members with the room open", () => {
  it("releases them one at a time, FANOUT_LIVE_DELAY_MS apart in all, each for one batch naming their live devices", async () => {
    await withStore(async (store, transaction) => {
      // A window that three members divide into whole milliseconds; the clock moves only
      // when a test lets the pacer's pending sleep end.
      const settings = { ...DEFAULT_SETTINGS, FANOUT_LIVE_DELAY_MS: 1_200 };
      let now = 0;
      const ctx = () => ({ store, settings, now, transaction });
      room.create(ctx(), {
        id: "grp:l",
        kind: "group",
        title: "l",
        ownerId: "a",
        memberIds: ["b", "c", "d"],
      });
      const calls: { userId: string; seqs: number[]; live: Record<string, number> }[] = [];
      const sleeps: { ms: number; wake: () => void }[] = [];
      const fanout = new Fanout({
        store,
        settings,
        now: () => now,
        wakeAt: () => {},
        log: () => {},
        breather: () => new Promise((r) => setTimeout(r, 0)),
        sleep: (ms) =>
          new Promise((wake) =>
            sleeps.push({
              ms,
              wake: () => {
                now += ms;
                wake();
              },
            }),
          ),
        live: (userId): Record<string, number> => (userId === "a" ? {} : { phone: 1 }),
        deliver: async (userId, _room, messages, _receipt, live) => {
          calls.push({ userId, seqs: messages.map((m) => m.seq), live });
          return NOT_QUIET;
        },
      });
      const settle = () => new Promise((r) => setTimeout(r, 5));
      const seqsOf = (userId: string) =>
        calls.filter((c) => c.userId === userId).map((c) => c.seqs);
      // The room's creation: a (no room socket) gets it at once; the pacer starts with b.
      await fanout.pumpAll();
      for (let i = 0; i < 3; i++) {
        room.send(ctx(), { senderId: "a", clientMsgId: `m${i}`, body: "x" });
        await fanout.pumpAll();
      }
      await settle();
      expect(seqsOf("a")).toEqual([[1], [2], [3], [4]]);
      expect(seqsOf("b")).toEqual([[1]]);
      expect(seqsOf("c")).toEqual([]);
      // One member per gap, a third of the window each; the rest wait their turn.
      const gap = settings.FANOUT_LIVE_DELAY_MS / 3;
      expect(sleeps.map((s) => s.ms)).toEqual([gap]);
      sleeps[0]?.wake();
      await settle();
      expect(seqsOf("c")).toEqual([[1, 2, 3, 4]]);
      expect(seqsOf("d")).toEqual([]);
      sleeps[1]?.wake();
      await settle();
      expect(seqsOf("d")).toEqual([[1, 2, 3, 4]]);
      expect(calls.at(-1)?.live).toEqual({ phone: 1 });
      // The next round has only b left behind: b gets the rest, a whole window later.
      sleeps[2]?.wake();
      await settle();
      expect(seqsOf("b")).toEqual([[1], [2, 3, 4]]);
      expect(sleeps.map((s) => s.ms)).toEqual([gap, gap, gap, settings.FANOUT_LIVE_DELAY_MS]);
      expect(fanout.lagging()).toBe(false);
      // Nobody lags: the pacer stops after that gap, and a new message starts it again.
      sleeps[3]?.wake();
      await settle();
      room.send(ctx(), { senderId: "a", clientMsgId: "m9", body: "x" });
      await fanout.pumpAll();
      await settle();
      expect(seqsOf("b")).toEqual([[1], [2, 3, 4], [5]]);
      expect(sleeps).toHaveLength(5);
    });
  });

  it("keeps a quiet member on the live window while its batches come out full, one a window", async () => {
    await withStore(async (store, transaction) => {
      const q = quietRoom(store, transaction, 2);
      for (let i = 0; i < 4; i++)
        room.send(q.ctx(), { senderId: "a", clientMsgId: `f${i}`, body: "x" });
      await q.fanout.pumpAll();
      await q.settle();
      // One batch a release, a window apart, while they come out full; never a burst.
      expect(q.batches).toEqual([[1, 2]]);
      await q.wake();
      expect(q.batches).toEqual([
        [1, 2],
        [3, 4],
      ]);
      await q.wake();
      expect(q.batches).toEqual([[1, 2], [3, 4], [5]]);
      expect(q.now()).toBe(2_000);
      // Caught up, with a batch that was not full: quiet from 2,000 until its moment.
      const moment = nextQuietRelease("b", 2_000, 5_000, 1_000);
      await q.send("g");
      while (q.now() < moment) {
        expect(q.batches).toHaveLength(3);
        await q.wake();
      }
      expect(q.now()).toBe(moment);
      expect(q.batches.at(-1)).toEqual([6]);
    });
  });

  it("leaves a quiet member until its moment of the FANOUT_QUIET_DELAY_MS cycle, to the millisecond, and not once its socket closes", async () => {
    await withStore(async (store, transaction) => {
      const q = quietRoom(store, transaction, DEFAULT_SETTINGS.FANOUT_BATCH_MAX);
      await q.fanout.pumpAll(); // the creation: b is released at 0, and is quiet from then
      await q.settle();
      expect(q.batches).toEqual([[1]]);
      const moment = nextQuietRelease("b", 0, 5_000, 1_000);
      await q.send("m2");
      while (q.now() < moment) {
        expect(q.batches).toEqual([[1]]);
        await q.wake(); // the pacer looks again at least once a live window
        expect(q.sleeps.at(-1)?.ms).toBeLessThanOrEqual(1_000);
      }
      expect(q.now()).toBe(moment);
      expect(q.batches).toEqual([[1], [2]]);
      // Quiet again until one cycle on. Its room socket closes (another stays open): it is
      // released on the pacer's next look, not at its next moment.
      await q.send("m3");
      await q.wake();
      expect(q.batches).toEqual([[1], [2]]);
      q.fanout.socketClosed("b");
      await q.wake();
      expect(q.now()).toBeLessThan(moment + 5_000);
      expect(q.batches).toEqual([[1], [2], [3]]);
    });
  });

  it("has at most FANOUT_CONCURRENCY deliveries in flight and still reaches every member", async () => {
    await withStore(async (store, transaction) => {
      const settings = { ...DEFAULT_SETTINGS, FANOUT_CONCURRENCY: 3 };
      const ctx = () => ({ store, settings, now: 1, transaction });
      const members = Array.from({ length: 10 }, (_, i) => `u${i}`);
      room.create(ctx(), {
        id: "grp:c",
        kind: "group",
        title: "c",
        ownerId: "a",
        memberIds: members,
      });
      room.send(ctx(), { senderId: "a", clientMsgId: "m", body: "x" });
      let inFlight = 0;
      let maxInFlight = 0;
      const reached = new Set<string>();
      const fanout = new Fanout({
        store,
        settings,
        now: () => 1,
        wakeAt: () => {},
        breather: () => new Promise((r) => setTimeout(r, 0)),
        log: () => {},
        live: () => ({}),
        sleep: () => Promise.resolve(),
        deliver: async (userId) => {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await new Promise((r) => setTimeout(r, 2));
          reached.add(userId);
          inFlight--;
          return NOT_QUIET;
        },
      });
      await fanout.pumpAll();
      for (let i = 0; i < 100 && fanout.lagging(); i++) await new Promise((r) => setTimeout(r, 5));
      expect(reached.size).toBe(11);
      expect(maxInFlight).toBe(3);
      expect(fanout.lagging()).toBe(false);
    });
  });
});

describe("session limits", () => {
  it("closes the oldest socket with 4002 when a user opens more than MAX_SOCKETS_PER_USER", async () => {
    const auth = await signUp();
    const devices: Device[] = [];
    for (let i = 0; i < 10; i++) devices.push(await Device.connect(auth));
    const eleventh = await Device.connect(auth);
    expect(await devices[0]?.closed).toMatchObject({ code: 4002 });
    const stub = env.USER_SESSION.get(env.USER_SESSION.idFromName(auth.user.id));
    expect(await stub.socketCount()).toBe(10);
    for (const d of [...devices, eleventh]) d.close();
  });

  it("refuses sends past the burst with rate_limited, across rooms", async () => {
    const auth = await signUp();
    const other = await signUp();
    const roomA = (await createGroup(auth.accessToken, "a", [other.user.id])).body;
    const roomB = (await createGroup(auth.accessToken, "b", [other.user.id])).body;
    const device = await Device.connect(auth);
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) => device.send(i % 2 ? roomA.id : roomB.id, `burst ${i}`)),
    );
    const limited = results.filter((r) => r.type === "error" && r.code === "rate_limited");
    expect(results.filter((r) => r.type === "ack").length).toBeGreaterThanOrEqual(20);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(limited.length).toBeLessThanOrEqual(4);
    device.close();
  });
});
