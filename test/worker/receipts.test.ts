/**
 * Read watermarks, unread counts and per-message read counts: kept in step across a user's
 * devices and right through interleaved reads, joins and leaves.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { unreadBy } from "../../src/client";
import type {
  AuthResult,
  InboxEntry,
  ReadResult,
  RoomDetails,
  SendResult,
} from "../../src/protocol";
import * as room from "../../src/room/room";
import { RoomStore } from "../../src/room/store";
import { DEFAULT_SETTINGS } from "../../src/settings";
import { Device } from "./device";
import { call, createGroup, errorCode, PASSWORD, signIn, signUp } from "./helpers";
import { type SdkDevice, sdkDevice, until } from "./sdk";

async function twoDevices(auth: AuthResult) {
  const second = await signIn(auth.user.username, PASSWORD);
  return [await Device.connect(auth), await Device.connect(second.body)] as const;
}

async function post(token: string, roomId: string, body: string): Promise<number> {
  const sent = await call<SendResult>("POST", `/api/rooms/${roomId}/messages`, {
    token,
    body: { clientMsgId: crypto.randomUUID(), body },
  });
  expect(sent.status).toBe(201);
  return sent.body.seq;
}

async function inboxEntry(token: string, roomId: string): Promise<InboxEntry | undefined> {
  const inbox = await call<{ rooms: InboxEntry[] }>("GET", "/api/rooms", { token });
  return inbox.body.rooms.find((r) => r.id === roomId);
}

async function members(token: string, roomId: string) {
  return (await call<RoomDetails>("GET", `/api/rooms/${roomId}`, { token })).body.members;
}

describe("read state across a user's devices", () => {
  it("a read on one device sets the badge on every device and in the inbox", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const roomId = (await createGroup(alice.accessToken, "reads", [bob.user.id])).body.id;
    const [b1, b2] = await twoDevices(bob);
    for (const text of ["one", "two", "three"]) await post(alice.accessToken, roomId, text);
    await b1.waitForTexts(roomId, 3);
    await b2.waitForTexts(roomId, 3);
    expect(await inboxEntry(bob.accessToken, roomId)).toMatchObject({
      unreadCount: 3,
      readSeq: 0,
    });

    // Read up to "two" (seq 3) on the phone: the laptop hears of it with the new count.
    const phone = await b1.read(roomId, 3);
    expect(phone).toMatchObject({ type: "read", roomId, readSeq: 3, unreadCount: 1 });
    const laptop = await b2.waitFor((f) => f.type === "read" && f.roomId === roomId);
    expect(laptop).toMatchObject({
      readSeq: 3,
      unreadCount: 1,
      useq: phone.type === "read" ? phone.useq : -1,
    });
    expect(await inboxEntry(bob.accessToken, roomId)).toMatchObject({
      unreadCount: 1,
      readSeq: 3,
    });

    // An older read from the other device changes nothing; a newer one clears the badge.
    const stale = await call<ReadResult>("POST", `/api/rooms/${roomId}/read`, {
      token: bob.accessToken,
      body: { seq: 2 },
    });
    expect(stale.body).toEqual({ roomId, readSeq: 3 });
    expect(await b2.read(roomId, 4)).toMatchObject({ readSeq: 4, unreadCount: 0 });
    await b1.waitFor(() => b1.reads(roomId).length === 2);
    expect(b1.reads(roomId).map((r) => [r.readSeq, r.unreadCount])).toEqual([
      [3, 1],
      [4, 0],
    ]);

    // New messages from others count again; the user's own message reads everything.
    await post(alice.accessToken, roomId, "four");
    await b1.waitForTexts(roomId, 4);
    expect(await inboxEntry(bob.accessToken, roomId)).toMatchObject({ unreadCount: 1 });
    const own = await post(bob.accessToken, roomId, "mine");
    await b1.waitFor((f) => f.type === "read" && f.readSeq === own);
    expect(await inboxEntry(bob.accessToken, roomId)).toMatchObject({
      unreadCount: 0,
      readSeq: own,
    });
    b1.close();
    b2.close();
  });

  it("replays read events in log order to a device that was away, and resync carries them", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const roomId = (await createGroup(alice.accessToken, "away", [bob.user.id])).body.id;
    const [b1, b2] = await twoDevices(bob);
    await post(alice.accessToken, roomId, "a");
    await post(alice.accessToken, roomId, "b");
    await b2.waitForTexts(roomId, 2);
    const cursor = b2.cursor;
    b2.close();
    await b1.waitForTexts(roomId, 2);
    await b1.read(roomId, 2);
    await post(alice.accessToken, roomId, "c");
    await b1.read(roomId, 4);

    const back = await Device.connect(bob, cursor);
    await back.waitFor(() => back.reads(roomId).length === 2 && back.texts(roomId).length === 1);
    const replayed = back.frames
      .filter((f) => f.type === "message" || f.type === "read")
      .map((f) =>
        f.type === "read" ? `read ${f.readSeq}/${f.unreadCount}` : `msg ${f.message.seq}`,
      );
    expect(replayed).toEqual(["read 2/1", "msg 4", "read 4/0"]);

    const fresh = await Device.connect(bob, 0);
    await fresh.waitFor((f) => f.type === "resync");
    expect(fresh.resync?.rooms).toEqual([
      expect.objectContaining({ lastSeq: 4, readSeq: 4, unreadCount: 0 }),
    ]);
    for (const d of [b1, back, fresh]) d.close();
  });

  it("refuses non-members and bad seqs, and clamps a read past the end", async () => {
    const alice = await signUp();
    const mallory = await signUp();
    const roomId = (await createGroup(alice.accessToken, "closed", [])).body.id;
    const outsider = await call("POST", `/api/rooms/${roomId}/read`, {
      token: mallory.accessToken,
      body: { seq: 1 },
    });
    expect([outsider.status, errorCode(outsider)]).toEqual([404, "not_found"]);
    const device = await Device.connect(mallory);
    expect(await device.read(roomId, 1)).toMatchObject({ type: "error", code: "not_found" });
    for (const seq of [0, -1, 1.5, "3", 2 ** 53]) {
      const bad = await call("POST", `/api/rooms/${roomId}/read`, {
        token: alice.accessToken,
        body: { seq },
      });
      expect([bad.status, errorCode(bad)]).toEqual([400, "validation_failed"]);
    }
    const far = await call<ReadResult>("POST", `/api/rooms/${roomId}/read`, {
      token: alice.accessToken,
      body: { seq: 1_000 },
    });
    expect(far.body).toEqual({ roomId, readSeq: 1 });
    device.close();
  });
});

describe("per-message read counts", () => {
  it("stay right through interleaved reads, a join and a leave", async () => {
    const [alice, bob, carol, dave] = await Promise.all([signUp(), signUp(), signUp(), signUp()]);
    const group = await createGroup(alice.accessToken, "counts", [bob.user.id, carol.user.id]);
    const roomId = group.body.id;
    const [b1, b2] = await twoDevices(bob);
    const m2 = await post(alice.accessToken, roomId, "m2");
    const m3 = await post(alice.accessToken, roomId, "m3");
    const m4 = await post(alice.accessToken, roomId, "m4");
    await b1.waitForTexts(roomId, 3);
    const counts = async (seqs: number[]) => {
      const list = await members(alice.accessToken, roomId);
      return seqs.map((seq) => unreadBy(list, seq));
    };
    // Alice read her own; Bob and Carol have read nothing.
    expect(await counts([m2, m3, m4])).toEqual([2, 2, 2]);
    await b1.read(roomId, m3);
    expect(await counts([m2, m3, m4])).toEqual([1, 1, 2]);
    await call("POST", `/api/rooms/${roomId}/read`, {
      token: carol.accessToken,
      body: { seq: m2 },
    });
    // Bob's other device reports an older mark: his watermark does not move back.
    const older = await call<ReadResult>("POST", `/api/rooms/${roomId}/read`, {
      token: b2.auth.accessToken,
      body: { seq: m2 },
    });
    expect(older.body.readSeq).toBe(m3);
    expect(await counts([m2, m3, m4])).toEqual([0, 1, 2]);

    // Dave joins: he is not expected to read what came before him, but counts after.
    const joined = await call<RoomDetails>("POST", `/api/rooms/${roomId}/members`, {
      token: alice.accessToken,
      body: { userIds: [dave.user.id] },
    });
    expect(joined.status).toBe(200);
    const m6 = await post(alice.accessToken, roomId, "m6");
    expect(await counts([m2, m3, m4, m6])).toEqual([0, 1, 2, 3]);

    // Carol leaves: she no longer counts anywhere.
    await call("DELETE", `/api/rooms/${roomId}/members/${carol.user.id}`, {
      token: carol.accessToken,
    });
    expect(await counts([m2, m3, m4, m6])).toEqual([0, 0, 1, 2]);
    await b2.read(roomId, m6);
    await call("POST", `/api/rooms/${roomId}/read`, { token: dave.accessToken, body: { seq: m6 } });
    expect(await counts([m2, m3, m4, m6])).toEqual([0, 0, 0, 0]);
    b1.close();
    b2.close();
  });
});

/** A room context over a store in `state`, at a fixed time. */
function storeContext(state: DurableObjectState) {
  return {
    store: new RoomStore(state.storage),
    settings: DEFAULT_SETTINGS,
    now: 1,
    transaction: <T>(f: () => T) => state.storage.transactionSync(f),
  };
}

/** A repeatable pseudo-random sequence in [0, 1). */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe("unread counting in the room's store", () => {
  it("matches a naive count for random senders, reads and lookups", async () => {
    const stub = env.CHAT_ROOM.get(env.CHAT_ROOM.idFromName(`grp:count-${crypto.randomUUID()}`));
    await runInDurableObject(stub, (_instance, state) => {
      const ctx = storeContext(state);
      const { store } = ctx;
      const people = ["a", "b", "c"];
      room.create(ctx, { id: "grp:c", kind: "group", title: "c", ownerId: "a", memberIds: people });
      const senders: (string | null)[] = [null]; // seq 1 is the system "created" message
      const next = seeded(7);
      for (let i = 0; i < 200; i++) {
        const who = people[Math.floor(next() * people.length)] ?? "a";
        if (next() < 0.1) {
          room.rename(ctx, "a", `t${i}`); // a system message between texts
          senders.push(null);
        } else {
          room.send(ctx, { senderId: who, clientMsgId: `m${i}`, body: "x" });
          senders.push(who);
        }
      }
      const last = senders.length;
      for (let trial = 0; trial < 300; trial++) {
        const user = people[Math.floor(next() * people.length)] ?? "a";
        const read = Math.floor(next() * (last + 1));
        const upTo = Math.floor(next() * (last + 1));
        let naive = 0;
        for (let seq = Math.min(read, upTo) + 1; seq <= upTo; seq++) {
          const sender = senders[seq - 1];
          if (sender !== null && sender !== user) naive += 1;
        }
        expect(store.unreadFor(user, read, upTo), `${user} read ${read} upTo ${upTo}`).toBe(naive);
      }
    });
  });

  it("matches a naive count across trims, from any watermark at or past the reader's own messages", async () => {
    const stub = env.CHAT_ROOM.get(env.CHAT_ROOM.idFromName(`grp:trims-${crypto.randomUUID()}`));
    await runInDurableObject(stub, (_instance, state) => {
      const ctx = storeContext(state);
      const { store } = ctx;
      const sql = state.storage.sql;
      const people = ["a", "b", "c"];
      room.create(ctx, { id: "grp:t", kind: "group", title: "t", ownerId: "a", memberIds: people });
      const senders: (string | null)[] = [null]; // seq 1 is the system "created" message
      const next = seeded(11);
      /** What the alarm does once D1 has everything and every session too (retention.ts). */
      const trim = (keep: number) => {
        sql.exec("UPDATE room SET archived_seq = last_seq");
        sql.exec("UPDATE members SET delivered_seq = (SELECT last_seq FROM room)");
        store.transaction(() =>
          store.retention.trim(keep, Number.MAX_SAFE_INTEGER, null, (to) => store.trimming(to)),
        );
      };
      let trims = 0;
      for (let i = 0; i < 400; i++) {
        // "c" stops writing early, so their watermark may lie anywhere below the trim point.
        const writers = i < 10 ? people : ["a", "b"];
        const who = writers[Math.floor(next() * writers.length)] ?? "a";
        if (next() < 0.15) {
          room.rename(ctx, "a", `t${i}`); // system messages, many of them trimmed
          senders.push(null);
        } else {
          room.send(ctx, { senderId: who, clientMsgId: `m${i}`, body: "x" });
          senders.push(who);
        }
        if (i % 60 === 59) {
          trim(25);
          trims += 1;
        }
      }
      const last = senders.length;
      const trimmedTo = store.retention.state().trimmedTo;
      expect(trims).toBe(6);
      expect(trimmedTo).toBeGreaterThan(300);
      expect(senders.lastIndexOf("c") + 1).toBeLessThan(12);
      // Sending marks the sender's own message read: a watermark is never below one's own.
      const ownLast = (user: string) => senders.lastIndexOf(user) + 1;
      for (const counter of [store, new RoomStore(state.storage)]) {
        for (let trial = 0; trial < 400; trial++) {
          const readers = [...people, "c", "c", "nobody"];
          const user = readers[Math.floor(next() * readers.length)] ?? "a";
          const read = ownLast(user) + Math.floor(next() * (last - ownLast(user) + 1));
          const upTo = Math.floor(next() * (last + 1));
          let naive = 0;
          for (let seq = Math.min(read, upTo) + 1; seq <= upTo; seq++) {
            const sender = senders[seq - 1];
            if (sender !== null && sender !== user) naive += 1;
          }
          expect(counter.unreadFor(user, read, upTo), `${user} read ${read} upTo ${upTo}`).toBe(
            naive,
          );
        }
      }
    });
  });

  it("brings a room stored by the first schema up to date", async () => {
    const stub = env.CHAT_ROOM.get(env.CHAT_ROOM.idFromName(`grp:old-${crypto.randomUUID()}`));
    await runInDurableObject(stub, (_instance, state) => {
      const sql = state.storage.sql;
      // The tables and rows as the first release wrote them, with no schema version.
      sql.exec(`CREATE TABLE room (only INTEGER PRIMARY KEY CHECK (only = 1), id TEXT NOT NULL,
        kind TEXT NOT NULL, title TEXT, subject TEXT, created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL, last_seq INTEGER NOT NULL)`);
      sql.exec(`CREATE TABLE members (user_id TEXT PRIMARY KEY, role TEXT NOT NULL,
        joined_at INTEGER NOT NULL, joined_seq INTEGER NOT NULL, left_seq INTEGER,
        delivered_seq INTEGER NOT NULL)`);
      sql.exec(`CREATE TABLE messages (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL,
        sender_id TEXT, client_msg_id TEXT, body TEXT NOT NULL, system TEXT,
        created_at INTEGER NOT NULL)`);
      sql.exec("INSERT INTO room VALUES (1, 'grp:old', 'group', 'old', NULL, 'a', 1, 4)");
      sql.exec("INSERT INTO members VALUES ('a', 'owner', 1, 1, NULL, 4)");
      sql.exec("INSERT INTO members VALUES ('b', 'member', 1, 1, NULL, 4)");
      sql.exec("INSERT INTO messages VALUES (1, 'system', NULL, NULL, '', '{}', 1)");
      sql.exec("INSERT INTO messages VALUES (2, 'text', 'a', 'x', 'hi', NULL, 2)");
      sql.exec("INSERT INTO messages VALUES (3, 'text', 'b', 'y', 'yo', NULL, 3)");
      sql.exec("INSERT INTO messages VALUES (4, 'text', 'a', 'z', 'ok', NULL, 4)");

      const store = new RoomStore(state.storage);
      // What each member's session had counts as read: no flood of badges on upgrade.
      expect(store.member("b")).toMatchObject({ readSeq: 4, deliveredSeq: 4, receivedSeq: 4 });
      expect(store.unreadFor("b", 0, 4)).toBe(2);
      expect(store.unreadFor("a", 2, 4)).toBe(1);
      // Nothing to redeliver: the migration does not make old members look lagging.
      expect(store.lagging()).toEqual([]);
      const appended = store.append(
        { kind: "text", senderId: "b", clientMsgId: "w", body: "new", createdAt: 5 },
        "grp:old",
      );
      expect(appended.seq).toBe(5);
      expect(store.unreadFor("a", 4, 5)).toBe(1);
      expect(store.unreadFor("b", 0, 5)).toBe(2);
    });
  });

  it("leaves storage from a newer release alone instead of failing", async () => {
    const stub = env.CHAT_ROOM.get(env.CHAT_ROOM.idFromName(`grp:new-${crypto.randomUUID()}`));
    await runInDurableObject(stub, (_instance, state) => {
      const ctx = {
        store: new RoomStore(state.storage),
        settings: DEFAULT_SETTINGS,
        now: 1,
        transaction: <T>(f: () => T) => state.storage.transactionSync(f),
      };
      room.create(ctx, { id: "grp:n", kind: "group", title: "n", ownerId: "a", memberIds: [] });
      state.storage.sql.exec("UPDATE _schema SET version = version + 1");
      const older = new RoomStore(state.storage); // as the code of a rolled-back deploy
      expect(older.room()?.id).toBe("grp:n");
      expect(
        room.send({ ...ctx, store: older }, { senderId: "a", clientMsgId: "x", body: "hi" }),
      ).toMatchObject({ ok: true, value: { value: { seq: 2 } } });
    });
  });
});

describe("the SDK", () => {
  it("sends read marks, made offline too, and reports every device's read events", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const bob2 = (await signIn(bob.user.username, PASSWORD)).body;
    const roomId = (await createGroup(alice.accessToken, "sdk", [bob.user.id])).body.id;
    const phone = sdkDevice(bob);
    const laptop = sdkDevice(bob2);
    await until(() => phone.isOnline() && laptop.isOnline(), 5_000, "devices online");
    const first = await post(alice.accessToken, roomId, "one");
    await post(alice.accessToken, roomId, "two");
    await until(() => phone.received.length >= 2, 5_000, "messages on the phone");

    // Read events after the resync that introduced the room (which reports readSeq 0).
    const readsOf = (d: SdkDevice) =>
      d.events.flatMap((e) =>
        e.type === "read" && e.roomId === roomId && e.readSeq > 0 ? [e] : [],
      );
    phone.client.markRead(roomId, first);
    await until(() => readsOf(laptop).length === 1, 5_000, "the laptop's read event");
    expect(readsOf(laptop)[0]).toMatchObject({ readSeq: first, unreadCount: 1 });

    // Marked while offline: it goes out when the laptop is back.
    await laptop.client.stop();
    laptop.client.markRead(roomId, first + 1);
    laptop.client.start();
    await until(() => readsOf(phone).length === 2, 5_000, "the phone's second read event");
    expect(readsOf(phone).map((e) => [e.readSeq, e.unreadCount])).toEqual([
      [first, 1],
      [first + 1, 0],
    ]);
    await Promise.all([phone.client.stop(), laptop.client.stop()]);
  });
});

describe("leaving", () => {
  it("clears the leaver's badge, whether they left or were removed", async () => {
    const [alice, bob, carol] = await Promise.all([signUp(), signUp(), signUp()]);
    const roomId = (await createGroup(alice.accessToken, "bye", [bob.user.id, carol.user.id])).body
      .id;
    await post(alice.accessToken, roomId, "one");
    const last = await post(alice.accessToken, roomId, "two");
    for (const who of [bob, carol]) {
      await until(
        async () => (await inboxEntry(who.accessToken, roomId))?.lastSeq === last,
        5_000,
        "fanout",
      );
      expect(await inboxEntry(who.accessToken, roomId)).toMatchObject({ unreadCount: 2 });
    }
    await call("DELETE", `/api/rooms/${roomId}/members/${bob.user.id}`, {
      token: bob.accessToken,
    });
    await call("DELETE", `/api/rooms/${roomId}/members/${carol.user.id}`, {
      token: alice.accessToken,
    });
    for (const who of [bob, carol]) {
      await until(
        async () => (await inboxEntry(who.accessToken, roomId))?.membership === "left",
        5_000,
        "the leave delivered",
      );
      expect(await inboxEntry(who.accessToken, roomId)).toMatchObject({ unreadCount: 0 });
    }
  });

  it("makes the SDK drop a read mark the room refuses, instead of resending it forever", async () => {
    const [alice, mallory] = await Promise.all([signUp(), signUp()]);
    const roomId = (await createGroup(alice.accessToken, "private", [])).body.id;
    const m = sdkDevice(mallory);
    await until(() => m.isOnline(), 5_000, "online");
    m.client.markRead(roomId, 1);
    expect(m.client.pendingReads()).toEqual([{ roomId, seq: 1 }]);
    await until(() => m.client.pendingReads().length === 0, 5_000, "the refused mark dropped");
    await m.client.stop();
  });
});
