/**
 * Objects and the chats about them through the SDK, against `wrangler dev`: an owner lists
 * a thing, two people ask about it, each gets their own room with the owner, and talk.
 */
import { describe, expect, inject, it } from "vitest";
import { ChatApiError, ChatConnection, ObjectsApi, RoomsApi } from "../../src/client";
import type { LiveFrame, RoomDetails } from "../../src/protocol";
import { signedUpUser } from "./users";

const baseUrl = inject("baseUrl");

describe("objects against wrangler dev", () => {
  it("an owner with two askers: one room each, the owner's list, and the refusals", async () => {
    const [owner, anna, ben] = await Promise.all([
      signedUpUser(baseUrl, "o2e"),
      signedUpUser(baseUrl, "o2e"),
      signedUpUser(baseUrl, "o2e"),
    ]);
    const objects = new ObjectsApi(owner);
    const bike = await objects.create({
      title: "자전거",
      price: { amount: 120_000, currency: "KRW" },
      quickQuestions: ["아직 판매 중인가요?"],
    });
    expect(bike).toMatchObject({ status: "available", version: 1 });
    expect((await objects.list()).objects.map((o) => o.id)).toEqual([bike.id]);

    const annaRoom = await new ObjectsApi(anna).ask(bike.id);
    const benRoom = await new ObjectsApi(ben).ask(bike.id);
    expect(annaRoom.id).not.toBe(benRoom.id);
    expect((await new ObjectsApi(anna).ask(bike.id)).id).toBe(annaRoom.id);
    const sent = await new RoomsApi(anna).send(annaRoom.id, "아직 판매 중인가요?");
    const history = await new RoomsApi(owner).history(annaRoom.id);
    expect(history.messages.at(-1)).toMatchObject({ seq: sent.seq, body: "아직 판매 중인가요?" });
    expect((await objects.chats(bike.id)).map((c) => c.roomId)).toEqual([annaRoom.id, benRoom.id]);

    await expect(objects.ask(bike.id)).rejects.toMatchObject({ status: 400, code: "bad_request" });
    expect(await objects.update(bike.id, { status: "closed" })).toMatchObject({ version: 2 });
    const late = await signedUpUser(baseUrl, "o2e");
    const refused = await new ObjectsApi(late).ask(bike.id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ChatApiError);
    expect(refused).toMatchObject({ status: 409, code: "object_unavailable" });
  }, 30_000);
});

describe("the deal and the owner's inbox by object, through the SDK", () => {
  it("reserves for one asker, then groups the owner's chats by object and lists one object's chats", async () => {
    const [owner, anna, ben] = await Promise.all([
      signedUpUser(baseUrl, "o2d"),
      signedUpUser(baseUrl, "o2d"),
      signedUpUser(baseUrl, "o2d"),
    ]);
    const annaId = anna.session?.user.id ?? "";
    const objects = new ObjectsApi(owner);
    const lamp = await objects.create({ title: "Lamp" });
    const chair = await objects.create({ title: "Chair" });
    const annaRoom = await new ObjectsApi(anna).ask(lamp.id);
    const benRoom = await new ObjectsApi(ben).ask(lamp.id);
    await new ObjectsApi(ben).ask(chair.id);
    await new RoomsApi(anna).send(annaRoom.id, "Is this still available?");

    const reserved = await objects.deal(lamp.id, { status: "reserved", askerId: annaId });
    expect(reserved).toMatchObject({ status: "reserved", dealWith: annaId, version: 2 });
    await expect(
      new ObjectsApi(anna).deal(lamp.id, { status: "sold", askerId: annaId }),
    ).rejects.toMatchObject({ status: 403, code: "forbidden" });

    const rooms = new RoomsApi(owner);
    const groups = await rooms.objectGroups();
    expect(groups.map((g) => [g.card.title, g.chats, g.unreadCount])).toEqual([
      ["Lamp", 2, 1],
      ["Chair", 1, 0],
    ]);
    const lampChats = await rooms.inbox({ object: lamp.id });
    expect(lampChats.rooms.map((r) => r.id).sort()).toEqual([annaRoom.id, benRoom.id].sort());
    expect(lampChats.rooms.every((r) => r.card?.id === lamp.id)).toBe(true);
    const onePage = await rooms.inbox({ object: lamp.id, limit: 1 });
    expect(onePage.rooms).toHaveLength(1);
    expect(onePage.nextCursor).not.toBeNull();
  }, 30_000);
});

describe("an object's status change against wrangler dev", () => {
  it("is seen live by every asker's open room and lands in their inboxes", async () => {
    const owner = await signedUpUser(baseUrl, "o2e");
    const askers = await Promise.all([1, 2, 3].map(() => signedUpUser(baseUrl, "o2e")));
    const bike = await new ObjectsApi(owner).create({ title: "Bike" });
    const rooms: RoomDetails[] = [];
    for (const asker of askers) rooms.push(await new ObjectsApi(asker).ask(bike.id));
    // Every asker has the room open on a device.
    const sockets = await Promise.all(
      askers.map((asker, i) => ChatConnection.openRoom(asker, rooms[i]?.id ?? "")),
    );
    const seen = sockets.map(
      ({ connection }) =>
        new Promise<LiveFrame>((resolve) =>
          connection.onFrame((frame) => {
            if (frame.type === "live" && frame.message.system?.type === "object") resolve(frame);
          }),
        ),
    );
    const buyer = askers[0]?.session?.user.id ?? "";
    await owner.authed("POST", `/api/objects/${bike.id}/deal`, {
      status: "reserved",
      askerId: buyer,
    });
    for (const frame of await Promise.all(seen)) {
      expect(frame.room.card).toMatchObject({ status: "reserved", dealWith: buyer, version: 2 });
      expect(frame.message.system).toMatchObject({
        type: "object",
        previous: { status: "available", version: 1 },
      });
    }
    for (const [i, asker] of askers.entries()) {
      const inbox = await new RoomsApi(asker).inbox();
      expect(inbox.rooms.find((r) => r.id === rooms[i]?.id)?.card).toMatchObject({
        status: "reserved",
        dealWith: buyer,
      });
    }
    for (const { connection } of sockets) connection.close();
  }, 30_000);
});
