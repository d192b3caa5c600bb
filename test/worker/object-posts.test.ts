/**
 * Objects that post: tokens made, listed and revoked by the owner, shown once; a post with
 * one into one asker's chat or all of them, as a message of kind `object` with no sender,
 * unread for every member; never into another object's chats; refused once revoked.
 */

import { runDurableObjectAlarm } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type {
  ChatMessage,
  ChatObject,
  HistoryPage,
  InboxPage,
  NewObjectToken,
  ObjectPostAccepted,
  ObjectToken,
  RoomDetails,
  SearchPage,
  SendResult,
} from "../../src/protocol";
import { call, errorCode, ORIGIN, signUp } from "./helpers";

async function listing(token: string, body: Record<string, unknown> = {}): Promise<ChatObject> {
  return (
    await call<ChatObject>("POST", "/api/objects", { token, body: { title: "E-bike 7", ...body } })
  ).body;
}

async function ask(token: string, objectId: string): Promise<RoomDetails> {
  return (await call<RoomDetails>("POST", `/api/objects/${objectId}/chats`, { token })).body;
}

async function newToken(
  owner: string,
  objectId: string,
  name = "battery",
): Promise<NewObjectToken> {
  const made = await call<NewObjectToken>("POST", `/api/objects/${objectId}/tokens`, {
    token: owner,
    body: { name },
  });
  expect(made.status).toBe(201);
  return made.body;
}

/** A post with an object token (not a user's access token). */
async function post(credential: string | null, objectId: string, body: unknown) {
  const response = await exports.default.fetch(`${ORIGIN}/api/objects/${objectId}/posts`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      ...(credential === null ? {} : { Authorization: `Bearer ${credential}` }),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

const codeOf = (answer: { body: unknown }) =>
  (answer.body as { error?: { code?: string } }).error?.code;

async function objectPosts(token: string, roomId: string): Promise<ChatMessage[]> {
  const page = await call<HistoryPage>("GET", `/api/rooms/${roomId}/messages`, { token });
  return page.body.messages.filter((m) => m.kind === "object");
}

describe("object tokens", () => {
  it("are made by the owner, shown once, listed without the token, and revoked", async () => {
    const [owner, other] = await Promise.all([signUp(), signUp()]);
    const object = await listing(owner.accessToken);
    const made = await newToken(owner.accessToken, object.id);
    expect(made.token).toMatch(/^ot_[A-Za-z0-9_-]{43}$/);
    const list = await call<{ tokens: ObjectToken[] }>("GET", `/api/objects/${object.id}/tokens`, {
      token: owner.accessToken,
    });
    expect(list.body.tokens).toEqual([
      { id: made.id, name: "battery", createdAt: made.createdAt, lastUsedAt: null },
    ]);
    expect(JSON.stringify(list.body)).not.toContain(made.token);
    for (const [method, path] of [
      ["GET", `/api/objects/${object.id}/tokens`],
      ["POST", `/api/objects/${object.id}/tokens`],
      ["DELETE", `/api/objects/${object.id}/tokens/${made.id}`],
    ] as const) {
      const body = method === "POST" ? { name: "x" } : undefined;
      const refused = await call(method, path, { token: other.accessToken, body });
      expect([refused.status, errorCode(refused)], `${method} ${path}`).toEqual([403, "forbidden"]);
    }
    const revoke = `/api/objects/${object.id}/tokens/${made.id}`;
    expect((await call("DELETE", revoke, { token: owner.accessToken })).status).toBe(204);
    const again = await call("DELETE", revoke, { token: owner.accessToken });
    expect([again.status, errorCode(again)]).toEqual([404, "not_found"]);
    const empty = await call<{ tokens: ObjectToken[] }>("GET", `/api/objects/${object.id}/tokens`, {
      token: owner.accessToken,
    });
    expect(empty.body.tokens).toEqual([]);
    const bad = await call("POST", `/api/objects/${object.id}/tokens`, {
      token: owner.accessToken,
      body: { name: "" },
    });
    expect([bad.status, errorCode(bad)]).toEqual([400, "validation_failed"]);
  });
});

describe("an object's posts", () => {
  it("go into one asker's chat, once per clientMsgId, unread for both members", async () => {
    const [owner, asker] = await Promise.all([signUp(), signUp()]);
    const object = await listing(owner.accessToken);
    const room = await ask(asker.accessToken, object.id);
    const { token } = await newToken(owner.accessToken, object.id);
    const body = { clientMsgId: "b1", body: "Battery at 15%", askerId: asker.user.id };
    const first = await post(token, object.id, body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ roomId: room.id, duplicate: false });
    const repeat = await post(token, object.id, body);
    expect(repeat.status).toBe(200);
    expect((repeat.body as SendResult).seq).toBe((first.body as SendResult).seq);
    const [message] = await objectPosts(asker.accessToken, room.id);
    expect(message).toMatchObject({ kind: "object", senderId: null, body: "Battery at 15%" });
    expect(await objectPosts(asker.accessToken, room.id)).toHaveLength(1);
    for (const who of [owner, asker]) {
      await expect
        .poll(async () => {
          const inbox = await call<InboxPage>("GET", "/api/rooms", { token: who.accessToken });
          return inbox.body.rooms.find((r) => r.id === room.id)?.unreadCount;
        })
        .toBe(1);
    }
    // Search finds it, once the room has archived it.
    await runDurableObjectAlarm(env.CHAT_ROOM.get(env.CHAT_ROOM.idFromName(room.id)));
    const found = await call<SearchPage>("GET", "/api/search?q=Battery", {
      token: asker.accessToken,
    });
    expect(found.body.results.map((r) => [r.message.kind, r.message.body])).toEqual([
      ["object", "Battery at 15%"],
    ]);
    const used = await call<{ tokens: ObjectToken[] }>("GET", `/api/objects/${object.id}/tokens`, {
      token: owner.accessToken,
    });
    expect(used.body.tokens[0]?.lastUsedAt).toBeGreaterThan(0);
  });

  it("go into every chat about the object through the queue, skipping read-only ones", async () => {
    const [owner, a, b, c] = await Promise.all([signUp(), signUp(), signUp(), signUp()]);
    const object = await listing(owner.accessToken);
    const rooms: RoomDetails[] = [];
    for (const asker of [a, b, c]) rooms.push(await ask(asker.accessToken, object.id));
    await call("POST", `/api/objects/${object.id}/deal`, {
      token: owner.accessToken,
      body: { status: "sold", askerId: a.user.id },
    });
    const { token } = await newToken(owner.accessToken, object.id);
    await expect
      .poll(
        async () =>
          (await call<RoomDetails>("GET", `/api/rooms/${rooms[1]?.id}`, { token: b.accessToken }))
            .body.card?.status,
        { timeout: 10_000 },
      )
      .toBe("sold");
    const sent = await post(token, object.id, { clientMsgId: "all-1", body: "Thanks, all!" });
    expect(sent).toEqual({
      status: 202,
      body: { clientMsgId: "all-1", chats: 3 } satisfies ObjectPostAccepted,
    });
    // The buyer's chat takes it; the others are read-only since the sale.
    await expect
      .poll(async () => (await objectPosts(a.accessToken, rooms[0]?.id ?? "")).map((m) => m.body), {
        timeout: 10_000,
      })
      .toEqual(["Thanks, all!"]);
    expect(await objectPosts(b.accessToken, rooms[1]?.id ?? "")).toEqual([]);
    const one = await post(token, object.id, { clientMsgId: "b2", body: "hi", askerId: b.user.id });
    expect([one.status, codeOf(one)]).toEqual([409, "room_read_only"]);
  }, 20_000);

  it("need a live token of that very object", async () => {
    const [owner, asker] = await Promise.all([signUp(), signUp()]);
    const object = await listing(owner.accessToken);
    const otherObject = await listing(owner.accessToken, { title: "Other" });
    await ask(asker.accessToken, object.id);
    await ask(asker.accessToken, otherObject.id);
    const made = await newToken(owner.accessToken, object.id);
    const body = { clientMsgId: "x1", body: "hello", askerId: asker.user.id };
    const elsewhere = await post(made.token, otherObject.id, body);
    expect([elsewhere.status, codeOf(elsewhere)]).toEqual([403, "forbidden"]);
    const none = await post(null, object.id, body);
    expect([none.status, codeOf(none)]).toEqual([401, "unauthorized"]);
    const userToken = await post(owner.accessToken, object.id, body);
    expect([userToken.status, codeOf(userToken)]).toEqual([401, "invalid_token"]);
    const forged = await post(`ot_${"A".repeat(43)}`, object.id, body);
    expect([forged.status, codeOf(forged)]).toEqual([401, "invalid_token"]);
    const noChat = await post(made.token, object.id, { ...body, askerId: owner.user.id });
    expect([noChat.status, codeOf(noChat)]).toEqual([404, "not_found"]);
    const invalid = await post(made.token, object.id, { clientMsgId: "x2", body: "" });
    expect([invalid.status, codeOf(invalid)]).toEqual([400, "validation_failed"]);
    expect((await post(made.token, object.id, body)).status).toBe(201);
    await call("DELETE", `/api/objects/${object.id}/tokens/${made.id}`, {
      token: owner.accessToken,
    });
    const revoked = await post(made.token, object.id, { ...body, clientMsgId: "x3" });
    expect([revoked.status, codeOf(revoked)]).toEqual([401, "invalid_token"]);
  });
});
