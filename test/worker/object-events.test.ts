/**
 * The card in the chat and the object's changes reaching every chat about it: through the
 * object queue (its consumer runs for real here), in version order, once each; the deal and
 * what it does to the chats (read-only, new askers); hidden contacts.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { runObjectJob } from "../../src/objects/fanout";
import { objectJob } from "../../src/objects/job";
import { editObject } from "../../src/objects/store";
import type {
  ChatMessage,
  ChatObject,
  HistoryPage,
  InboxPage,
  ObjectCard,
  ObjectInboxGroup,
  RoomDetails,
} from "../../src/protocol";
import { cardOf } from "../../src/protocol";
import { call, errorCode, postMessage, signUp } from "./helpers";

type Token = string;

async function listing(token: Token, body: Record<string, unknown> = {}): Promise<ChatObject> {
  const created = await call<ChatObject>("POST", "/api/objects", {
    token,
    body: { title: "Road bike", price: { amount: 350000, currency: "KRW" }, ...body },
  });
  expect(created.status).toBe(201);
  return created.body;
}

async function ask(token: Token, objectId: string): Promise<RoomDetails> {
  const asked = await call<RoomDetails>("POST", `/api/objects/${objectId}/chats`, { token });
  expect(asked.status).toBeLessThan(300);
  return asked.body;
}

const deal = (token: Token, objectId: string, status: "reserved" | "sold", askerId: string) =>
  call<ChatObject>("POST", `/api/objects/${objectId}/deal`, {
    token,
    body: { status, askerId },
  });

const edit = (token: Token, objectId: string, body: Record<string, unknown>) =>
  call<ChatObject>("PATCH", `/api/objects/${objectId}`, { token, body });

async function history(token: Token, roomId: string): Promise<ChatMessage[]> {
  const page = await call<HistoryPage>("GET", `/api/rooms/${roomId}/messages?limit=100`, {
    token,
  });
  expect(page.status).toBe(200);
  return page.body.messages;
}

/** The object events of a room's history, as (version, status, dealWith, price) rows. */
async function objectEvents(token: Token, roomId: string) {
  return (await history(token, roomId)).flatMap((m) =>
    m.system?.type === "object"
      ? [
          {
            version: m.system.card.version,
            status: m.system.card.status,
            dealWith: m.system.card.dealWith,
            price: m.system.card.price?.amount ?? null,
            from: m.system.previous.version,
          },
        ]
      : [],
  );
}

async function cardIn(token: Token, roomId: string): Promise<ObjectCard | null> {
  return (await call<RoomDetails>("GET", `/api/rooms/${roomId}`, { token })).body.card;
}

describe("the card in the chat", () => {
  it("is in the room's details, its messages' summaries and both inboxes", async () => {
    const [owner, asker] = await Promise.all([signUp(), signUp()]);
    const object = await listing(owner.accessToken, { images: ["https://img.test/1.jpg"] });
    const room = await ask(asker.accessToken, object.id);
    expect(room.card).toEqual(cardOf(object));
    expect(room.card?.image).toBe("https://img.test/1.jpg");
    await postMessage(asker.accessToken, room.id, "Still there?");
    for (const who of [owner, asker]) {
      await expect
        .poll(async () => {
          const inbox = await call<InboxPage>("GET", "/api/rooms", { token: who.accessToken });
          return inbox.body.rooms.find((r) => r.id === room.id)?.card?.title;
        })
        .toBe("Road bike");
    }
  });
});

describe("an object's changes in its chats", () => {
  it("reach every chat about it, in version order, once each", async () => {
    const [owner, a, b, c] = await Promise.all([signUp(), signUp(), signUp(), signUp()]);
    const object = await listing(owner.accessToken);
    const rooms: RoomDetails[] = [];
    for (const asker of [a, b, c]) rooms.push(await ask(asker.accessToken, object.id));
    expect(
      (await edit(owner.accessToken, object.id, { price: { amount: 300000, currency: "KRW" } }))
        .status,
    ).toBe(200);
    expect(
      (await edit(owner.accessToken, object.id, { description: "no card change" })).status,
    ).toBe(200);
    expect((await deal(owner.accessToken, object.id, "reserved", a.user.id)).status).toBe(200);
    const sold = await deal(owner.accessToken, object.id, "sold", a.user.id);
    expect(sold.body).toMatchObject({ status: "sold", dealWith: a.user.id, version: 5 });
    const expected = [
      { version: 2, status: "available", dealWith: null, price: 300000, from: 1 },
      // version 3 changed the description only: no message, the card's version moves on.
      { version: 4, status: "reserved", dealWith: a.user.id, price: 300000, from: 3 },
      { version: 5, status: "sold", dealWith: a.user.id, price: 300000, from: 4 },
    ];
    for (const [i, asker] of [a, b, c].entries()) {
      const roomId = rooms[i]?.id ?? "";
      await expect
        .poll(() => objectEvents(asker.accessToken, roomId), { timeout: 10_000 })
        .toEqual(expected);
      expect(await cardIn(asker.accessToken, roomId)).toEqual(cardOf(sold.body));
    }
    // The object events are no one's unread; the owner's copy is the same.
    expect(await objectEvents(owner.accessToken, rooms[1]?.id ?? "")).toEqual(expected);
    const inbox = await call<InboxPage>("GET", "/api/rooms", { token: b.accessToken });
    const entry = inbox.body.rooms.find((r) => r.id === rooms[1]?.id);
    expect([entry?.unreadCount, entry?.card?.status, entry?.card?.version]).toEqual([0, "sold", 5]);
  }, 20_000);

  it("are applied once however often and in whatever order the jobs come", async () => {
    const [owner, asker] = await Promise.all([signUp(), signUp()]);
    const object = await listing(owner.accessToken);
    const room = await ask(asker.accessToken, object.id);
    // Three changes straight in D1, their jobs never sent: then the jobs, late, repeated and
    // out of order, and a room told of a version it must fetch the changes before.
    for (const amount of [1, 2, 3]) {
      await editObject(
        env.DB,
        object.id,
        [["price", JSON.stringify({ amount, currency: "KRW" })]],
        Date.now(),
      );
    }
    await runObjectJob(env, objectJob(object.id, 3));
    await Promise.all([
      runObjectJob(env, objectJob(object.id, 4)),
      runObjectJob(env, objectJob(object.id, 4)),
    ]);
    await runObjectJob(env, objectJob(object.id, 2));
    await runObjectJob(env, objectJob(object.id, 9)); // ahead of D1: applies what exists
    const events = await objectEvents(asker.accessToken, room.id);
    expect(events.map((e) => [e.from, e.version, e.price])).toEqual([
      [1, 2, 1],
      [2, 3, 2],
      [3, 4, 3],
    ]);
    const delivered = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM object_events WHERE object_id = ? AND delivered_at IS NULL",
    )
      .bind(object.id)
      .first<{ n: number }>();
    expect(delivered?.n).toBe(0);
  });

  it("are found again by the sweep when their job was lost", async () => {
    const { resendUndelivered } = await import("../../src/objects/fanout");
    const [owner, asker] = await Promise.all([signUp(), signUp()]);
    const object = await listing(owner.accessToken);
    const room = await ask(asker.accessToken, object.id);
    await editObject(env.DB, object.id, [["status", "closed"]], Date.now()); // no job sent
    expect(await resendUndelivered(env, Date.now())).toBe(0); // too young to be owed
    expect(await resendUndelivered(env, Date.now() + 120_000)).toBeGreaterThanOrEqual(1);
    await expect
      .poll(() => cardIn(asker.accessToken, room.id), { timeout: 10_000 })
      .toMatchObject({ status: "closed", version: 2 });
  }, 15_000);
});

describe("the deal", () => {
  it("is the owner's, for an asker with a chat about the object", async () => {
    const [owner, asker, stranger] = await Promise.all([signUp(), signUp(), signUp()]);
    const object = await listing(owner.accessToken);
    await ask(asker.accessToken, object.id);
    const theirs = await deal(asker.accessToken, object.id, "reserved", asker.user.id);
    expect([theirs.status, errorCode(theirs)]).toEqual([403, "forbidden"]);
    const noChat = await deal(owner.accessToken, object.id, "reserved", stranger.user.id);
    expect([noChat.status, errorCode(noChat)]).toEqual([404, "not_found"]);
    const bad = await call("POST", `/api/objects/${object.id}/deal`, {
      token: owner.accessToken,
      body: { status: "closed", askerId: asker.user.id },
    });
    expect([bad.status, errorCode(bad)]).toEqual([400, "validation_failed"]);
    expect((await edit(owner.accessToken, object.id, { status: "closed" })).status).toBe(200);
    const closed = await deal(owner.accessToken, object.id, "sold", asker.user.id);
    expect([closed.status, errorCode(closed)]).toEqual([409, "object_unavailable"]);
  });

  it("refuses new askers while reserved when the owner so set it", async () => {
    const [owner, buyer, late] = await Promise.all([signUp(), signUp(), signUp()]);
    const object = await listing(owner.accessToken, { askWhileReserved: false });
    await ask(buyer.accessToken, object.id);
    expect((await deal(owner.accessToken, object.id, "reserved", buyer.user.id)).status).toBe(200);
    const refused = await call("POST", `/api/objects/${object.id}/chats`, {
      token: late.accessToken,
    });
    expect([refused.status, errorCode(refused)]).toEqual([409, "object_unavailable"]);
    expect(
      (await edit(owner.accessToken, object.id, { status: "available" })).body.dealWith,
    ).toBeNull();
    expect(
      (await call("POST", `/api/objects/${object.id}/chats`, { token: late.accessToken })).status,
    ).toBe(201);
  });

  it("sold leaves only the buyer's chat open; closed and deleted leave none", async () => {
    const [owner, buyer, other] = await Promise.all([signUp(), signUp(), signUp()]);
    const object = await listing(owner.accessToken);
    const buyerRoom = await ask(buyer.accessToken, object.id);
    const otherRoom = await ask(other.accessToken, object.id);
    await postMessage(other.accessToken, otherRoom.id, "before the sale");
    await deal(owner.accessToken, object.id, "sold", buyer.user.id);
    await expect
      .poll(() => cardIn(other.accessToken, otherRoom.id), { timeout: 10_000 })
      .toMatchObject({ status: "sold" });
    for (const who of [other, owner]) {
      const refused = await postMessage(who.accessToken, otherRoom.id, "after");
      expect([refused.status, errorCode(refused)]).toEqual([409, "room_read_only"]);
    }
    expect(
      (await postMessage(buyer.accessToken, buyerRoom.id, "when can I pick it up?")).status,
    ).toBe(201);
    // History and read marks go on.
    expect(
      (await history(other.accessToken, otherRoom.id)).some((m) => m.body === "before the sale"),
    ).toBe(true);
    expect(
      (await call("DELETE", `/api/objects/${object.id}`, { token: owner.accessToken })).status,
    ).toBe(204);
    await expect
      .poll(() => cardIn(buyer.accessToken, buyerRoom.id), { timeout: 10_000 })
      .toMatchObject({ deleted: true });
    const gone = await postMessage(buyer.accessToken, buyerRoom.id, "hello?");
    expect([gone.status, errorCode(gone)]).toEqual([409, "room_read_only"]);
    const read = await call("POST", `/api/rooms/${buyerRoom.id}/read`, {
      token: buyer.accessToken,
      body: { seq: 1 },
    });
    expect(read.status).toBe(200);
  }, 20_000);
});

describe("hidden contacts", () => {
  it("hide phone numbers and e-mail addresses until the object is reserved for the asker", async () => {
    const [owner, asker] = await Promise.all([signUp(), signUp()]);
    const object = await listing(owner.accessToken, { hideContacts: true });
    const room = await ask(asker.accessToken, object.id);
    await postMessage(
      asker.accessToken,
      room.id,
      "call 010-1234-5678 or mail me@example.com, 350000 won",
    );
    await deal(owner.accessToken, object.id, "reserved", asker.user.id);
    await expect
      .poll(() => cardIn(asker.accessToken, room.id), { timeout: 10_000 })
      .toMatchObject({ status: "reserved" });
    await postMessage(owner.accessToken, room.id, "mine is 02-123-4567");
    const bodies = (await history(asker.accessToken, room.id))
      .filter((m) => m.kind === "text")
      .map((m) => m.body);
    expect(bodies).toEqual(["call [hidden] or mail [hidden], 350000 won", "mine is 02-123-4567"]);
  }, 15_000);
});

describe("the owner's inbox by object", () => {
  it("groups the owner's chats by object, and filters the inbox to one", async () => {
    const [owner, a, b] = await Promise.all([signUp(), signUp(), signUp()]);
    const bike = await listing(owner.accessToken);
    const lamp = await listing(owner.accessToken, { title: "Lamp" });
    const bikeA = await ask(a.accessToken, bike.id);
    await ask(b.accessToken, bike.id);
    const lampA = await ask(a.accessToken, lamp.id);
    await postMessage(a.accessToken, bikeA.id, "one");
    await postMessage(a.accessToken, bikeA.id, "two");
    await postMessage(a.accessToken, lampA.id, "three");
    await expect
      .poll(async () => {
        const groups = await call<{ objects: ObjectInboxGroup[] }>("GET", "/api/rooms/objects", {
          token: owner.accessToken,
        });
        return groups.body.objects.map((g) => [g.card.title, g.chats, g.unreadCount]);
      })
      .toEqual([
        ["Lamp", 1, 1],
        ["Road bike", 2, 2],
      ]);
    // The askers own none of these objects.
    const none = await call<{ objects: ObjectInboxGroup[] }>("GET", "/api/rooms/objects", {
      token: a.accessToken,
    });
    expect(none.body.objects).toEqual([]);
    const filtered = await call<InboxPage>("GET", `/api/rooms?object=${bike.id}`, {
      token: owner.accessToken,
    });
    expect(filtered.body.rooms.map((r) => r.id).sort()).toEqual(
      [bikeA.id, `obj:${bike.id}:${b.user.id}`].sort(),
    );
    const bad = await call("GET", "/api/rooms?object=nope", { token: owner.accessToken });
    expect([bad.status, errorCode(bad)]).toEqual([400, "validation_failed"]);
  });
});

describe("leaving an object chat", () => {
  const inboxIds = async (token: Token) =>
    (await call<InboxPage>("GET", "/api/rooms", { token })).body.rooms.map((r) => r.id);
  const leave = (token: Token, roomId: string, userId: string) =>
    call("DELETE", `/api/rooms/${roomId}/members/${userId}`, { token });

  it("hides it from the one who left until the other writes, or the asker asks again", async () => {
    const [owner, asker] = await Promise.all([signUp(), signUp()]);
    const object = await listing(owner.accessToken);
    const room = await ask(asker.accessToken, object.id);
    await postMessage(asker.accessToken, room.id, "hello");
    expect((await leave(owner.accessToken, room.id, owner.user.id)).status).toBe(204);
    await expect.poll(() => inboxIds(owner.accessToken)).not.toContain(room.id);
    const gone = await call("GET", `/api/rooms/${room.id}`, { token: owner.accessToken });
    expect(gone.status).toBe(404);
    // The asker writes again: the owner is back, and sees the message.
    await postMessage(asker.accessToken, room.id, "still there?");
    await expect.poll(() => inboxIds(owner.accessToken)).toContain(room.id);
    const bodies = (await history(owner.accessToken, room.id)).map((m) => m.body);
    expect(bodies).toContain("still there?");

    // The asker leaves, and asks again.
    expect((await leave(asker.accessToken, room.id, asker.user.id)).status).toBe(204);
    await expect.poll(() => inboxIds(asker.accessToken)).not.toContain(room.id);
    const again = await ask(asker.accessToken, object.id);
    expect(again.id).toBe(room.id);
    expect(again.members.map((m) => m.userId).sort()).toEqual(
      [owner.user.id, asker.user.id].sort(),
    );
    await expect.poll(() => inboxIds(asker.accessToken)).toContain(room.id);
    // No one else can be added, and the title is the object's.
    const add = await call("POST", `/api/rooms/${room.id}/members`, {
      token: owner.accessToken,
      body: { userIds: [asker.user.id] },
    });
    expect([add.status, errorCode(add)]).toEqual([400, "bad_request"]);
  }, 15_000);
});
