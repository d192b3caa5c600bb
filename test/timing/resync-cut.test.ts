/**
 * A resync cut at RESYNC_ROOMS_MAX (2 in this project): the SDK pages history for the rooms
 * listed only, says where the rest of the inbox starts, and the inbox pages from there.
 */
import { describe, expect, it } from "vitest";
import type { ChatEvent } from "../../src/client";
import { RoomsApi } from "../../src/client";
import type { InboxEntry } from "../../src/protocol";
import { call, groupsInOrder, signIn, signUp } from "../worker/helpers";
import { type Request, sdkDevice, until } from "../worker/sdk";

describe("a resync cut at RESYNC_ROOMS_MAX", () => {
  it("pages the newest rooms' history only, and hands the rest to the inbox's pages", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const rooms = await groupsInOrder(alice.accessToken, [bob.user.id], 4);
    await until(
      async () =>
        (await call<{ rooms: InboxEntry[] }>("GET", "/api/rooms", { token: bob.accessToken })).body
          .rooms.length === 4,
      5_000,
      "bob's four rooms",
    );

    const fresh = (await signIn(bob.user.username)).body;
    const requests: Request[] = [];
    const device = sdkDevice(fresh, {}, { requests });
    const cut = () =>
      device.events.find(
        (e): e is Extract<ChatEvent, { type: "more_rooms" }> => e.type === "more_rooms",
      );
    await until(() => cut() !== undefined, 5_000, "the cut");
    await until(() => device.received.length === 2, 5_000, "the newest rooms' messages");

    const paged = requests.filter((r) => r.path.includes("/messages")).map((r) => r.path);
    expect(paged.map((p) => p.split("/")[3])).toEqual([rooms[3], rooms[2]]);
    const reads = device.events.flatMap((e) => (e.type === "read" ? [e.roomId] : []));
    expect(reads).toEqual([rooms[3], rooms[2]]);

    const rest = await new RoomsApi(device.api).inbox({ cursor: cut()?.cursor ?? null });
    expect(rest.rooms.map((r) => r.id)).toEqual([rooms[1], rooms[0]]);
    expect(rest.nextCursor).toBeNull();
    expect(device.events.filter((e) => e.type === "status").length).toBe(2); // connecting, online
    await device.client.stop();
  });
});
