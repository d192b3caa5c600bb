import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { SessionStore } from "../../src/session/store";
import { Device } from "./device";
import { createGroup, signUp } from "./helpers";
import { until } from "./sdk";
import { deliver, direct, group, noReads, text, withStore } from "./session-store";

function storedCursor(storage: DurableObjectStorage, deviceId: string): number | null {
  const row = storage.sql
    .exec("SELECT cursor FROM devices WHERE device_id = ?", deviceId)
    .toArray()[0];
  return typeof row?.cursor === "number" ? row.cursor : null;
}

describe("the session store's copies in memory", () => {
  it("keeps device cursors in memory until the next transaction writes them", async () => {
    await withStore((store, storage) => {
      store.cursors.set("phone", 5, 1);
      store.cursors.set("laptop", 3, 1);
      store.cursors.set("phone", 4, 2); // never back
      expect(store.cursors.get("phone")).toBe(5);
      expect(store.cursors.max()).toBe(5);
      expect(storedCursor(storage, "phone")).toBeNull();
      expect(new SessionStore(storage).cursors.get("phone")).toBeNull();

      store.transaction(() => {});
      expect(storedCursor(storage, "phone")).toBe(5);
      expect(storedCursor(storage, "laptop")).toBe(3);
      expect(store.cursors.unflushed()).toBe(false);
      const fresh = new SessionStore(storage);
      expect(fresh.cursors.get("phone")).toBe(5);
      expect(fresh.cursors.max()).toBe(5);
    });
  });

  it("drops what a failed transaction did from memory: cursors and the newest useq", async () => {
    await withStore((store, storage) => {
      deliver(store, group, 1, 3);
      expect(store.latest()).toBe(3);
      store.cursors.set("phone", 3, 1);
      expect(() =>
        store.transaction(() => {
          store.append("me", group, [text(group, 4), text(group, 5)], noReads, 1);
          throw new Error("boom");
        }),
      ).toThrow("boom");
      // Nothing of it is stored, and memory says the same as SQLite.
      const fresh = new SessionStore(storage);
      expect(fresh.latest()).toBe(3);
      expect(store.latest()).toBe(3);
      expect(storedCursor(storage, "phone")).toBeNull();
      expect(store.cursors.get("phone")).toBeNull();
      // The store goes on from the stored state.
      expect(deliver(store, group, 4, 4).map((f) => f.useq)).toEqual([4]);
    });
  });

  it("finds direct rooms in a range of the log, with or without a query", async () => {
    await withStore((store, storage) => {
      deliver(store, group, 1, 3); // useq 1–3
      deliver(store, direct, 1, 2); // useq 4–5
      deliver(store, group, 4, 6); // useq 6–8
      expect(store.log.directRoomsBetween(5, 8, 10)).toEqual([]);
      expect(store.log.directRoomsBetween(3, 8, 10)).toEqual([{ roomId: direct.id, seq: 2 }]);
      expect(store.log.directRoomsBetween(4, 8, 10)).toEqual([{ roomId: direct.id, seq: 2 }]);
      // A direct event after the store learned the newest one: memory follows the log.
      deliver(store, direct, 3, 3); // useq 9
      expect(store.log.directRoomsBetween(8, 9, 10)).toEqual([{ roomId: direct.id, seq: 3 }]);
      expect(new SessionStore(storage).log.directRoomsBetween(8, 9, 10)).toEqual([
        { roomId: direct.id, seq: 3 },
      ]);
      expect(new SessionStore(storage).log.directRoomsBetween(9, 9, 10)).toEqual([]);
    });
  });
});

describe("device cursors of a live session", () => {
  it("are written without a delivery after the report (on disconnect, or by the sweep)", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const roomId = (await createGroup(alice.accessToken, "cursors", [bob.user.id])).body.id;
    const phone = await Device.connect(bob);
    const sender = await Device.connect(alice);
    await sender.send(roomId, "hi");
    await phone.waitForTexts(roomId, 1);
    const cursor = phone.cursor;
    phone.ws.send(JSON.stringify({ type: "cursor", cursor }));
    const session = env.USER_SESSION.get(env.USER_SESSION.idFromName(bob.user.id));
    phone.close();
    await phone.closed;
    await until(
      () =>
        runInDurableObject(session, (_i, state) => storedCursor(state.storage, bob.deviceId)).then(
          (stored) => stored === cursor,
        ),
      3_000,
      "the cursor written",
    );
    sender.close();
  });
});
