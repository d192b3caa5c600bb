/**
 * "Ask about this": one room per (object, asker) between the asker and the owner, opened
 * again when it exists; refused for one's own object, a sold or closed one, and a reserved
 * one whose owner takes no new chats.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ChatObject, InboxPage, RoomDetails } from "../../src/protocol";
import { call, errorCode, postMessage, signUp } from "./helpers";
import { pushesOf, subscribeDevice } from "./push-helpers";

async function listing(token: string, body: Record<string, unknown> = {}) {
  return (
    await call<ChatObject>("POST", "/api/objects", { token, body: { title: "Desk lamp", ...body } })
  ).body;
}

const ask = (token: string, objectId: string) =>
  call<RoomDetails>("POST", `/api/objects/${objectId}/chats`, { token });

/** Sets a status the deal routes will set, straight in D1. */
async function setStatus(objectId: string, status: string, dealWith: string | null) {
  await env.DB.prepare("UPDATE objects SET status = ?, deal_with = ? WHERE id = ?")
    .bind(status, dealWith, objectId)
    .run();
}

describe("asking about an object", () => {
  it("opens one room per asker with the owner, and the same room when asked again", async () => {
    const [owner, asker, other] = await Promise.all([signUp(), signUp(), signUp()]);
    const object = await listing(owner.accessToken);
    const first = await ask(asker.accessToken, object.id);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      id: `obj:${object.id}:${asker.user.id}`,
      kind: "object",
      title: "Desk lamp",
      subject: object.id,
    });
    expect(first.body.members.map((m) => m.userId).sort()).toEqual(
      [owner.user.id, asker.user.id].sort(),
    );
    const again = await ask(asker.accessToken, object.id);
    expect([again.status, again.body.id]).toEqual([200, first.body.id]);
    const second = await ask(other.accessToken, object.id);
    expect(second.body.id).toBe(`obj:${object.id}:${other.user.id}`);

    // Both sides talk in it; the owner finds it in the inbox.
    await postMessage(asker.accessToken, first.body.id, "Is this still available?");
    await expect
      .poll(async () => {
        const inbox = await call<InboxPage>("GET", "/api/rooms", { token: owner.accessToken });
        return inbox.body.rooms.find((r) => r.id === first.body.id)?.unreadCount;
      })
      .toBe(1);
    expect((await postMessage(owner.accessToken, first.body.id, "Yes!")).status).toBe(201);

    // The owner lists the chats about the object; no one else may.
    const chats = await call<{ chats: { roomId: string; askerId: string }[] }>(
      "GET",
      `/api/objects/${object.id}/chats`,
      { token: owner.accessToken },
    );
    expect(chats.body.chats.map((chat) => chat.askerId)).toEqual([asker.user.id, other.user.id]);
    const peek = await call("GET", `/api/objects/${object.id}/chats`, { token: asker.accessToken });
    expect([peek.status, errorCode(peek)]).toEqual([403, "forbidden"]);
  });

  it("is refused for one's own object, and for a sold, closed or deleted one", async () => {
    const [owner, asker, early] = await Promise.all([signUp(), signUp(), signUp()]);
    const object = await listing(owner.accessToken);
    const own = await ask(owner.accessToken, object.id);
    expect([own.status, errorCode(own)]).toEqual([400, "bad_request"]);
    expect((await ask(early.accessToken, object.id)).status).toBe(201);
    for (const status of ["sold", "closed"]) {
      await setStatus(object.id, status, status === "sold" ? early.user.id : null);
      const refused = await ask(asker.accessToken, object.id);
      expect([refused.status, errorCode(refused)], status).toEqual([409, "object_unavailable"]);
      // A chat that exists still opens.
      expect((await ask(early.accessToken, object.id)).status).toBe(200);
    }
    await setStatus(object.id, "available", null);
    expect(
      (await call("DELETE", `/api/objects/${object.id}`, { token: owner.accessToken })).status,
    ).toBe(204);
    expect((await ask(asker.accessToken, object.id)).status).toBe(404);
  });

  it("while reserved, takes new askers only when the owner allows it", async () => {
    const [owner, buyer, asker] = await Promise.all([signUp(), signUp(), signUp()]);
    const open = await listing(owner.accessToken);
    const closedDoor = await listing(owner.accessToken, { askWhileReserved: false });
    for (const object of [open, closedDoor]) await setStatus(object.id, "reserved", buyer.user.id);
    expect((await ask(asker.accessToken, open.id)).status).toBe(201);
    const refused = await ask(asker.accessToken, closedDoor.id);
    expect([refused.status, errorCode(refused)]).toEqual([409, "object_unavailable"]);
  });

  it("pushes nothing for the opening itself: the first message is the news", async () => {
    const [owner, asker] = await Promise.all([signUp(), signUp()]);
    const subscription = await subscribeDevice(owner.accessToken);
    const object = await listing(owner.accessToken);
    const room = (await ask(asker.accessToken, object.id)).body;
    const sent = await postMessage(asker.accessToken, room.id, "Is this still available?");
    const [push] = await pushesOf(subscription, 1);
    expect(push?.payload).toMatchObject({
      roomId: room.id,
      seq: sent.body.seq,
      title: "Desk lamp",
      body: `${asker.user.displayName}: Is this still available?`,
    });
  }, 15_000);
});
