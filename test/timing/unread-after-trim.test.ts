/**
 * Unread counts of a reader whose read mark lies in the part of the history the room has
 * trimmed (RETENTION_MESSAGES 10 in this project): counted exactly, system messages aside,
 * in the `read` event a device gets and in `GET /api/rooms`; and for a room trimmed before
 * the room kept its trimmed system messages, once its alarm has fetched them from D1.
 */
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { AuthResult, InboxEntry, ReadStateFrame } from "../../src/protocol";
import { Device } from "../worker/device";
import { call, createGroup, postMessage, signUp } from "../worker/helpers";
import { until } from "../worker/sdk";

const roomStub = (roomId: string) => env.CHAT_ROOM.get(env.CHAT_ROOM.idFromName(roomId));

/** Posts over HTTP, waiting out the send budget (70 messages are more than a burst). */
async function post(auth: AuthResult, roomId: string, body: string): Promise<void> {
  const sent = await postMessage(auth.accessToken, roomId, body);
  expect(sent.status).toBe(201);
}

/**
 * Runs the room's alarm until D1 has every message, the room keeps only its newest 10, and
 * `reader`'s session has them all.
 */
async function archivedAndTrimmed(roomId: string, lastSeq: number, reader: AuthResult) {
  await until(
    async () => {
      await runDurableObjectAlarm(roomStub(roomId));
      const kept = await runInDurableObject(roomStub(roomId), (_i, state) =>
        state.storage.sql.exec("SELECT MIN(seq) AS low FROM messages").one(),
      );
      return kept.low === lastSeq - 9 && (await inboxEntry(reader, roomId))?.lastSeq === lastSeq;
    },
    20_000,
    "archive, trim and delivery",
  );
}

async function inboxEntry(auth: AuthResult, roomId: string): Promise<InboxEntry | undefined> {
  const inbox = await call<{ rooms: InboxEntry[] }>("GET", "/api/rooms", {
    token: auth.accessToken,
  });
  return inbox.body.rooms.find((r) => r.id === roomId);
}

/** A device of `auth` that keeps its socket alive (heartbeats time out after 1.5 s here). */
async function connected(auth: AuthResult): Promise<{ device: Device; close(): void }> {
  const device = await Device.connect(auth);
  const beat = setInterval(() => device.ws.send("ping"), 300);
  return {
    device,
    close: () => {
      clearInterval(beat);
      device.close();
    },
  };
}

async function readTo(device: Device, roomId: string, seq: number): Promise<ReadStateFrame> {
  const frame = await device.read(roomId, seq);
  if (frame.type !== "read") throw new Error(`read refused: ${JSON.stringify(frame)}`);
  return frame;
}

describe("unread counts below the trimmed part of a room", () => {
  it("count 41 for a reader at seq 30 of 70 messages from others, with 10 kept (the issue's case)", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const roomId = (await createGroup(alice.accessToken, "busy", [bob.user.id])).body.id;
    for (let i = 1; i <= 70; i++) await post(alice, roomId, `from alice ${i}`);
    await archivedAndTrimmed(roomId, 71, bob);
    expect(await inboxEntry(bob, roomId)).toMatchObject({ readSeq: 0, unreadCount: 70 });

    // A device connects (heartbeats time out after 1.5 s here: it stays only for the read).
    const phone = await Device.connect(bob);
    expect(await readTo(phone, roomId, 30)).toMatchObject({ readSeq: 30, unreadCount: 41 });
    expect(await inboxEntry(bob, roomId)).toMatchObject({ readSeq: 30, unreadCount: 41 });
    phone.close();
  }, 60_000);

  it("count exactly from marks in the trimmed part with system messages and the reader's own there", async () => {
    const [alice, bob, carol] = await Promise.all([signUp(), signUp(), signUp()]);
    const roomId = (await createGroup(alice.accessToken, "mixed", [bob.user.id])).body.id;
    /** Who wrote each seq, null for system messages (seq 1: "created"). */
    const senders: (string | null)[] = [null];
    await post(bob, roomId, "bob early");
    senders.push(bob.user.id);
    for (let i = 1; i <= 36; i++) {
      if (i % 4 === 0) {
        const renamed = await call("PATCH", `/api/rooms/${roomId}`, {
          token: alice.accessToken,
          body: { title: `mixed ${i}` },
        });
        expect(renamed.status).toBe(200);
        senders.push(null);
      } else if (i === 13) {
        const added = await call("POST", `/api/rooms/${roomId}/members`, {
          token: alice.accessToken,
          body: { userIds: [carol.user.id] },
        });
        expect(added.status).toBe(200);
        senders.push(null);
      } else {
        const from = i % 5 === 0 ? carol : alice;
        await post(i > 13 ? from : alice, roomId, `line ${i}`);
        senders.push((i > 13 ? from : alice).user.id);
      }
    }
    const last = senders.length;
    await archivedAndTrimmed(roomId, last, bob);
    const unreadFrom = (readSeq: number) =>
      senders.filter((s, i) => i + 1 > readSeq && s !== null && s !== bob.user.id).length;

    const phone = await connected(bob);
    for (const mark of [3, 11, 19, last - 12, last - 9, last]) {
      expect(await readTo(phone.device, roomId, mark), `read to ${mark}`).toMatchObject({
        readSeq: mark,
        unreadCount: unreadFrom(mark),
      });
      expect(await inboxEntry(bob, roomId)).toMatchObject({
        readSeq: mark,
        unreadCount: unreadFrom(mark),
      });
    }
    phone.close();
  }, 60_000);
});

describe("a room trimmed before it kept its trimmed system messages", () => {
  it("fetches them back from D1 in its alarm, a page a run, and counts exactly from then on", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const roomId = (await createGroup(alice.accessToken, "old", [bob.user.id])).body.id;
    const senders: (string | null)[] = [null];
    // 26 system messages, more than one page of ARCHIVE_BATCH_MAX (20), then 10 texts.
    for (let i = 1; i <= 60; i++) {
      if (i % 2 === 0 && i <= 50) {
        await call("PATCH", `/api/rooms/${roomId}`, {
          token: alice.accessToken,
          body: { title: `old ${i}` },
        });
        senders.push(null);
      } else {
        await post(alice, roomId, `line ${i}`);
        senders.push(alice.user.id);
      }
    }
    const last = senders.length;
    await archivedAndTrimmed(roomId, last, bob);
    const unreadFrom = (readSeq: number, upTo = senders.length) =>
      senders.slice(0, upTo).filter((s, i) => i + 1 > readSeq && s !== null && s !== bob.user.id)
        .length;
    const inRoom = <T>(fn: (sql: SqlStorage) => T) =>
      runInDurableObject(roomStub(roomId), (_i, state) => fn(state.storage.sql));
    const kept = () =>
      inRoom((sql) => ({
        seqs: sql
          .exec("SELECT seq FROM trimmed_system ORDER BY seq")
          .toArray()
          .map((r) => r.seq),
        unknownTo: sql.exec("SELECT system_unknown_to AS n FROM room").one().n,
      }));
    const recorded = await kept();
    expect(recorded.seqs).toHaveLength(26);
    expect(recorded.unknownTo).toBe(0);

    // As the migration leaves a room trimmed by the release before: none of them known.
    await inRoom((sql) => {
      sql.exec("DELETE FROM trimmed_system");
      sql.exec("UPDATE room SET system_unknown_to = trimmed_to");
    });
    const phone = await connected(bob);
    const before = await readTo(phone.device, roomId, 5);
    expect(before.unreadCount).toBeLessThan(unreadFrom(5)); // counted from the trim point

    await runDurableObjectAlarm(roomStub(roomId));
    expect((await kept()).seqs).toEqual(recorded.seqs.slice(-20));
    await runDurableObjectAlarm(roomStub(roomId));
    expect(await kept()).toEqual(recorded);
    await runDurableObjectAlarm(roomStub(roomId)); // nothing more to fetch, nothing changes
    expect(await kept()).toEqual(recorded);

    // A new message: the count is made afresh, not on from the one sent before.
    await post(alice, roomId, "after the backfill");
    senders.push(alice.user.id);
    await until(
      async () => {
        await runDurableObjectAlarm(roomStub(roomId));
        return (await inboxEntry(bob, roomId))?.lastSeq === last + 1;
      },
      10_000,
      "delivery",
    );
    expect(await inboxEntry(bob, roomId)).toMatchObject({ readSeq: 5, unreadCount: unreadFrom(5) });
    expect(await readTo(phone.device, roomId, 7)).toMatchObject({ unreadCount: unreadFrom(7) });
    phone.close();
  }, 60_000);
});
