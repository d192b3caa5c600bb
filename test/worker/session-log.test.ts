/**
 * The session's event log keeps a delivery's events as one row (src/session/log.ts): replay,
 * trimming, "delivered" ranges and rows of the older one-event format all read through it.
 */
import { describe, expect, it } from "vitest";
import type { ReadReceipt } from "../../src/protocol";
import { SessionStore } from "../../src/session/store";
import { deliver, direct, group, noReads, text, withStore } from "./session-store";

function rowCount(storage: DurableObjectStorage): number {
  const row = storage.sql.exec("SELECT COUNT(*) AS n FROM events").toArray()[0];
  return Number(row?.n);
}

const useqs = (frames: { useq: number }[]) => frames.map((frame) => frame.useq);

describe("the session log, a row per delivery", () => {
  it("writes one row for a delivery of many events, read state included", async () => {
    await withStore((store, storage) => {
      const read: ReadReceipt = { readSeq: 2, upTo: 3, unreadCount: 1 };
      const frames = store.transaction(() =>
        store.append(
          "me",
          group,
          [1, 2, 3].map((seq) => text(group, seq)),
          read,
          1,
        ),
      );
      expect(frames.map((f) => f.type)).toEqual(["message", "message", "message", "read"]);
      expect(rowCount(storage)).toBe(1);
      expect(store.log.eventsAfter(0, 10)).toEqual(frames);
      expect(store.log.oldest()).toBe(1);
    });
  });

  it("logs the room's JSON of the messages as it is, unless some were already logged", async () => {
    await withStore((store, storage) => {
      const messages = (from: number, to: number) =>
        Array.from({ length: to - from + 1 }, (_, i) => text(group, from + i));
      const json = (list: unknown[]) => JSON.stringify(list);
      store.transaction(() =>
        store.append("me", group, messages(1, 3), noReads, 1, json(messages(1, 3))),
      );
      const stored = storage.sql.exec("SELECT run FROM events").one().run;
      expect(stored).toBe(`{"room":${JSON.stringify(group)},"messages":${json(messages(1, 3))}}`);
      // A redelivery of 2 and 3 with 4 and 5: only the new ones are logged, under new useqs.
      const again = store.transaction(() =>
        store.append("me", group, messages(2, 5), noReads, 1, json(messages(2, 5))),
      );
      expect(again.map((f) => [f.useq, f.type === "message" ? f.message.seq : 0])).toEqual([
        [4, 4],
        [5, 5],
      ]);
      expect(store.log.eventsAfter(3, 10)).toEqual(again);
      expect(store.log.eventsAfter(0, 10).map((f) => f.useq)).toEqual([1, 2, 3, 4, 5]);
    });
  });

  it("refuses a run that is not messages of one room followed by at most one other event", async () => {
    await withStore((store) => {
      const message = (seq: number, room = group) => ({
        type: "message" as const,
        useq: seq,
        room,
        message: text(room, seq),
      });
      const read = (useq: number) => ({
        type: "read" as const,
        useq,
        roomId: group.id,
        readSeq: 1,
        unreadCount: 0,
      });
      const refused = "a run is messages of one room, then at most one other event";
      expect(() => store.log.append([read(1), message(2)], 1)).toThrow(refused);
      expect(() => store.log.append([message(1), message(3)], 1)).toThrow(refused);
      expect(() => store.log.append([message(1), message(2, direct)], 1)).toThrow(refused);
      expect(store.log.oldest()).toBeNull();
      store.log.append([message(1), message(2), read(3)], 1);
      expect(store.log.eventsAfter(0, 10).map((f) => f.type)).toEqual([
        "message",
        "message",
        "read",
      ]);
    });
  });

  it("replays from a cursor inside a run, at most `limit` events", async () => {
    await withStore((store) => {
      deliver(store, group, 1, 4); // useq 1–4
      deliver(store, group, 5, 8); // useq 5–8
      expect(useqs(store.log.eventsAfter(2, 100))).toEqual([3, 4, 5, 6, 7, 8]);
      expect(useqs(store.log.eventsAfter(2, 3))).toEqual([3, 4, 5]);
      expect(useqs(store.log.eventsAfter(4, 1))).toEqual([5]);
      expect(useqs(store.log.eventsAfter(7, 100))).toEqual([8]);
      expect(store.log.eventsAfter(8, 100)).toEqual([]);
    });
  });

  it("trims whole rows: a run that reaches past the limit stays, whole", async () => {
    await withStore((store, storage) => {
      deliver(store, group, 1, 4); // useq 1–4
      deliver(store, group, 5, 8); // useq 5–8
      store.transaction(() => store.trim(4, 0)); // the newest four: exactly the second run
      expect(rowCount(storage)).toBe(1);
      expect(store.log.oldest()).toBe(5);
      store.transaction(() => store.trim(3, 0)); // would cut into the run: it stays whole
      expect(store.log.oldest()).toBe(5);
      expect(useqs(store.log.eventsAfter(4, 100))).toEqual([5, 6, 7, 8]);
      store.transaction(() => store.trim(0, 0));
      expect(store.log.oldest()).toBeNull();
    });
  });

  it("names what a device newly has of a direct run that its cursor cuts through", async () => {
    await withStore((store) => {
      deliver(store, direct, 1, 4); // useq 1–4
      deliver(store, group, 1, 2); // useq 5–6
      // The device has useq up to 2: messages 1 and 2 of the run, not 3 and 4.
      expect(store.log.directRoomsBetween(0, 2, 10)).toEqual([{ roomId: direct.id, seq: 2 }]);
      expect(store.log.directRoomsBetween(2, 3, 10)).toEqual([{ roomId: direct.id, seq: 3 }]);
      expect(store.log.directRoomsBetween(2, 6, 10)).toEqual([{ roomId: direct.id, seq: 4 }]);
      expect(store.log.directRoomsBetween(4, 6, 10)).toEqual([]);
    });
  });

  it("ranks a direct run cut by the cursor as the most recent room, within the limit", async () => {
    await withStore((store) => {
      const other = { ...direct, id: "dm:b:me" };
      deliver(store, other, 1, 1); // useq 1
      deliver(store, direct, 1, 1); // useq 2
      deliver(store, other, 2, 4); // useq 3–5
      expect(store.log.directRoomsBetween(0, 3, 1)).toEqual([{ roomId: other.id, seq: 2 }]);
      expect(store.log.directRoomsBetween(0, 3, 2)).toEqual([
        { roomId: other.id, seq: 2 },
        { roomId: direct.id, seq: 1 },
      ]);
    });
  });

  it("reads rows of the one-event format beside runs, and older code sees a run's last event", async () => {
    await withStore((_store, storage) => {
      // Two events as an older release logged them: a row each, no run columns.
      for (const seq of [1, 2]) {
        const frame = { type: "message", useq: seq, room: direct, message: text(direct, seq) };
        storage.sql.exec(
          "INSERT INTO events (useq, room_id, seq, frame, created_at) VALUES (?, ?, ?, ?, 1)",
          seq,
          direct.id,
          seq,
          JSON.stringify(frame),
        );
        storage.sql.exec(
          "INSERT INTO meta (key, value) VALUES ('useq', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
          seq,
        );
      }
      const fresh = new SessionStore(storage);
      expect(deliver(fresh, direct, 3, 5).map((f) => f.useq)).toEqual([3, 4, 5]);
      expect(useqs(fresh.log.eventsAfter(1, 100))).toEqual([2, 3, 4, 5]);
      expect(fresh.log.oldest()).toBe(1);
      expect(fresh.log.directRoomsBetween(1, 4, 10)).toEqual([{ roomId: direct.id, seq: 4 }]);
      // What an older release reads, a frame per row: the run shows as its last event.
      const old = storage.sql.exec("SELECT frame FROM events ORDER BY useq").toArray();
      expect(old.map((row) => JSON.parse(String(row.frame)).useq)).toEqual([1, 2, 5]);
    });
  });

  it("reads a settings event logged before previews existed as previews on", async () => {
    await withStore((store, storage) => {
      // As the code before previews wrote it: do-not-disturb alone.
      storage.sql.exec(
        "INSERT INTO events (useq, room_id, seq, frame, created_at) VALUES (1, '', 0, ?, 1)",
        JSON.stringify({ type: "prefs", useq: 1, doNotDisturbUntil: 5 }),
      );
      expect(store.log.eventsAfter(0, 10)).toEqual([
        { type: "prefs", useq: 1, doNotDisturbUntil: 5, previews: true },
      ]);
    });
  });
});
