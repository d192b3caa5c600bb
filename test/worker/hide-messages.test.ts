/**
 * "Delete for me" (issue 22): `PUT /api/rooms/:id/messages/:seq/hidden` hides a message from
 * the caller's own views on every device (a `message_hidden` event of their log; history
 * pages give it in its hidden form; the inbox preview too; search leaves it out) while the
 * other members keep it whole. A later change to it does not bring it back; replay and a new
 * device end with the same view. Refused for a non-member, a seq the room never had, and an
 * event.
 */
import { describe, expect, it } from "vitest";
import type {
  AuthResult,
  ChatMessage,
  HistoryPage,
  InboxPage,
  SearchPage,
} from "../../src/protocol";
import { archiveNow } from "./archived-room";
import { Device } from "./device";
import { call, createDirect, createGroup, errorCode, postMessage, signUp } from "./helpers";
import { until } from "./until";

const messagesOf = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}/messages`;

function hide(auth: AuthResult, roomId: string, seq: number | string) {
  return call("PUT", `${messagesOf(roomId)}/${seq}/hidden`, { token: auth.accessToken });
}

async function history(auth: AuthResult, roomId: string): Promise<ChatMessage[]> {
  const page = await call<HistoryPage>("GET", messagesOf(roomId), { token: auth.accessToken });
  expect(page.status).toBe(200);
  return page.body.messages;
}

async function bodies(auth: AuthResult, q: string): Promise<string[]> {
  const page = await call<SearchPage>("GET", `/api/search?${new URLSearchParams({ q })}`, {
    token: auth.accessToken,
  });
  expect(page.status).toBe(200);
  return page.body.results.map((r) => r.message.body);
}

async function preview(auth: AuthResult, roomId: string): Promise<ChatMessage | null> {
  const inbox = await call<InboxPage>("GET", "/api/rooms", { token: auth.accessToken });
  return inbox.body.rooms.find((r) => r.id === roomId)?.lastMessage ?? null;
}

async function sent(auth: AuthResult, roomId: string, body: string): Promise<number> {
  const answer = await postMessage(auth.accessToken, roomId, body);
  expect(answer.status).toBe(201);
  return answer.body.seq;
}

describe("delete for me", () => {
  it("hides the message on the user's devices, history, preview and search, not the others'", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const room = (await createDirect(bob.accessToken, alice.user.id)).body;
    const kept = await sent(bob, room.id, "the marmot plan");
    const gone = await sent(bob, room.id, "the walrus photo");
    await until(async () => (await preview(alice, room.id))?.seq === gone, { what: "her row" });
    const phone = await Device.connect(alice);
    const laptop = await Device.connect(alice);
    const theirs = await Device.connect(bob);

    const answer = await hide(alice, room.id, gone);
    expect(answer.status).toBe(204);
    for (const device of [phone, laptop]) {
      await device.waitFor(
        (f) => f.type === "message_hidden" && f.roomId === room.id && f.seq === gone,
      );
    }
    const mine = await history(alice, room.id);
    expect(mine.find((m) => m.seq === gone)).toEqual({
      roomId: room.id,
      seq: gone,
      kind: "text",
      senderId: bob.user.id,
      clientMsgId: expect.any(String),
      body: "",
      createdAt: expect.any(Number),
      hidden: true,
    });
    expect(mine.find((m) => m.seq === kept)).toMatchObject({ body: "the marmot plan" });
    expect(mine.find((m) => m.seq === kept)?.hidden).toBeUndefined();
    expect((await history(bob, room.id)).find((m) => m.seq === gone)).toMatchObject({
      body: "the walrus photo",
    });
    expect(await preview(alice, room.id)).toMatchObject({ seq: gone, body: "", hidden: true });
    expect(await preview(bob, room.id)).toMatchObject({ seq: gone, body: "the walrus photo" });
    expect(JSON.stringify(theirs.frames)).not.toContain("message_hidden");

    // Search: the archive has both; only Bob finds the walrus.
    await archiveNow(room.id);
    expect(await bodies(alice, "walrus")).toEqual([]);
    expect(await bodies(bob, "walrus")).toEqual(["the walrus photo"]);
    expect(await bodies(alice, "marmot")).toEqual(["the marmot plan"]);

    // Bob's edit and reaction change nothing of Alice's view of it.
    const edit = await call("PATCH", `${messagesOf(room.id)}/${gone}`, {
      token: bob.accessToken,
      body: { clientMsgId: "e1", body: "the walrus photo, cropped" },
    });
    expect(edit.status).toBe(201);
    await until(async () => (await preview(alice, room.id)) !== null, { what: "the row" });
    expect((await history(alice, room.id)).find((m) => m.seq === gone)).toMatchObject({
      body: "",
      hidden: true,
    });
    expect(await preview(alice, room.id)).toMatchObject({ seq: gone, body: "", hidden: true });

    // Again: still 204, still hidden.
    expect((await hide(alice, room.id, gone)).status).toBe(204);
    for (const d of [phone, laptop, theirs]) d.close();
  });

  it("reaches a device that was offline, by replay and by history", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const room = (await createGroup(alice.accessToken, "trip", [bob.user.id])).body;
    const later = await Device.connect(alice);
    const cursor = later.cursor;
    later.close();
    const gone = await sent(bob, room.id, "embarrassing");
    await until(async () => (await preview(alice, room.id))?.seq === gone, { what: "her row" });
    expect((await hide(alice, room.id, gone)).status).toBe(204);
    const again = await Device.connect(alice, cursor);
    await again.waitFor((f) => f.type === "message_hidden" && f.seq === gone);
    const order = again.frames.flatMap((f) =>
      f.type === "message" && f.message.seq === gone
        ? ["message"]
        : f.type === "message_hidden"
          ? ["hidden"]
          : [],
    );
    expect(order).toEqual(["message", "hidden"]);
    const fresh = await Device.connect(alice, 0);
    await fresh.waitFor(
      (f) => f.type === "resync" || (f.type === "message_hidden" && f.seq === gone),
    );
    expect((await history(alice, room.id)).find((m) => m.seq === gone)?.hidden).toBe(true);
    for (const d of [again, fresh]) d.close();
  });

  it("is refused for a non-member, a seq the room never had, an event, and a bad seq", async () => {
    const [alice, bob, eve] = await Promise.all([signUp(), signUp(), signUp()]);
    const room = (await createGroup(alice.accessToken, "club", [bob.user.id])).body;
    const seq = await sent(bob, room.id, "hello");
    const reaction = await call<{ seq: number }>(
      "POST",
      `${messagesOf(room.id)}/${seq}/reactions`,
      { token: alice.accessToken, body: { clientMsgId: "r1", emoji: "👍", on: true } },
    );
    expect(reaction.status).toBe(201);
    const status = async (auth: AuthResult, target: number | string) => {
      const answer = await hide(auth, room.id, target);
      return [answer.status, errorCode(answer)];
    };
    expect(await status(eve, seq)).toEqual([404, "not_found"]);
    expect(await status(alice, reaction.body.seq + 1)).toEqual([400, "invalid_target"]);
    expect(await status(alice, reaction.body.seq)).toEqual([400, "invalid_target"]);
    expect(await status(alice, 0)).toEqual([400, "validation_failed"]);
    expect(await status(alice, "x")).toEqual([400, "validation_failed"]);
    const unknown = await hide(alice, "grp:nope", 1);
    expect([unknown.status, errorCode(unknown)]).toEqual([404, "not_found"]);
    // A system message (the room's creation) may be hidden like any shown message.
    expect((await hide(bob, room.id, 1)).status).toBe(204);
    expect((await history(bob, room.id))[0]).toMatchObject({ seq: 1, hidden: true });
    expect((await history(alice, room.id))[0]?.hidden).toBeUndefined();
  });
});
