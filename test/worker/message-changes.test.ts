/**
 * Edits, deletes and reactions (issue 22, docs/decisions/0008-changing-messages.md): each is
 * an event in the room's order that names its target; history shows each message as it is
 * now; a delete is true redaction (the room's rows, the archive, search); reactions are
 * neither unread nor news in the inbox; each refusal has its code.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type {
  AuthResult,
  ChatMessage,
  HistoryPage,
  InboxPage,
  SearchPage,
  SendResult,
} from "../../src/protocol";
import { changeMessage } from "../../src/room/changes";
import * as roomOps from "../../src/room/room";
import { archiveNow } from "./archived-room";
import {
  type CallResult,
  call,
  createDirect,
  errorCode,
  groupOfThree,
  postMessage,
  signUp,
} from "./helpers";
import { withRoomStore } from "./room-store";

const messagesOf = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}/messages`;

function edit(
  auth: AuthResult,
  roomId: string,
  seq: number | string,
  body: string,
  clientMsgId: string = crypto.randomUUID(),
): Promise<CallResult<SendResult>> {
  return call<SendResult>("PATCH", `${messagesOf(roomId)}/${seq}`, {
    token: auth.accessToken,
    body: { clientMsgId, body },
  });
}

function remove(auth: AuthResult, roomId: string, seq: number): Promise<CallResult<SendResult>> {
  return call<SendResult>("DELETE", `${messagesOf(roomId)}/${seq}`, {
    token: auth.accessToken,
    body: { clientMsgId: crypto.randomUUID() },
  });
}

function react(
  auth: AuthResult,
  roomId: string,
  seq: number,
  emoji: string,
  on = true,
): Promise<CallResult<SendResult>> {
  return call<SendResult>("POST", `${messagesOf(roomId)}/${seq}/reactions`, {
    token: auth.accessToken,
    body: { clientMsgId: crypto.randomUUID(), emoji, on },
  });
}

async function history(auth: AuthResult, roomId: string): Promise<ChatMessage[]> {
  const page = await call<HistoryPage>("GET", messagesOf(roomId), { token: auth.accessToken });
  expect(page.status).toBe(200);
  return page.body.messages;
}

async function at(auth: AuthResult, roomId: string, seq: number): Promise<ChatMessage> {
  const found = (await history(auth, roomId)).find((m) => m.seq === seq);
  if (!found) throw new Error(`no message ${seq}`);
  return found;
}

async function sent(auth: AuthResult, roomId: string, body: string): Promise<number> {
  const answer = await postMessage(auth.accessToken, roomId, body);
  expect(answer.status).toBe(201);
  return answer.body.seq;
}

async function found(auth: AuthResult, q: string): Promise<string[]> {
  const page = await call<SearchPage>("GET", `/api/search?${new URLSearchParams({ q })}`, {
    token: auth.accessToken,
  });
  expect(page.status).toBe(200);
  return page.body.results.map((r) => r.message.body);
}

const status = (r: CallResult<unknown>) => [r.status, errorCode(r)];

describe("an edit", () => {
  it("changes the message's text, marks it edited, and search finds only the new text", async () => {
    const { alice, bob, room } = await groupOfThree();
    const seq = await sent(alice, room.id, "meet at the old fountain");
    await archiveNow(room.id); // the archive has the first text; the edit must replace it
    const edited = await edit(alice, room.id, seq, "meet at the new bridge");
    expect(edited.status).toBe(201);
    expect(edited.body.seq).toBe(seq + 1);
    const message = await at(bob, room.id, seq);
    expect(message).toMatchObject({
      body: "meet at the new bridge",
      editedAt: edited.body.createdAt,
      version: edited.body.seq,
    });
    // The event itself is in the room's order, naming its target.
    expect(await at(bob, room.id, edited.body.seq)).toMatchObject({
      kind: "edit",
      target: seq,
      body: "meet at the new bridge",
      senderId: alice.user.id,
    });
    await archiveNow(room.id);
    expect(await found(bob, "fountain")).toEqual([]);
    expect(await found(bob, "bridge")).toEqual(["meet at the new bridge"]);
    // A repeat of the same clientMsgId is the same edit.
    const key = crypto.randomUUID();
    const again = await edit(alice, room.id, seq, "twice", key);
    const repeat = await edit(alice, room.id, seq, "twice", key);
    expect([repeat.status, repeat.body.seq, repeat.body.duplicate]).toEqual([
      200,
      again.body.seq,
      true,
    ]);
  });

  it("is refused to anyone but the sender, for a system message, a missing one, or empty text", async () => {
    const { alice, bob, room } = await groupOfThree();
    const seq = await sent(alice, room.id, "mine");
    const stranger = await signUp();
    expect(status(await edit(bob, room.id, seq, "not yours"))).toEqual([403, "forbidden"]);
    expect(status(await edit(alice, room.id, 1, "the creation"))).toEqual([400, "invalid_target"]);
    expect(status(await edit(alice, room.id, seq + 5, "none"))).toEqual([400, "invalid_target"]);
    expect(status(await edit(alice, room.id, seq, "  "))).toEqual([400, "validation_failed"]);
    expect(status(await edit(alice, room.id, "x", "bad seq"))).toEqual([400, "validation_failed"]);
    expect(status(await edit(alice, room.id, 0, "bad seq"))).toEqual([400, "validation_failed"]);
    expect(status(await edit(stranger, room.id, seq, "in"))).toEqual([404, "not_found"]);
    // An edit is not a message to edit.
    const edited = await edit(alice, room.id, seq, "mine, fixed");
    expect(status(await edit(alice, room.id, edited.body.seq, "x"))).toEqual([
      400,
      "invalid_target",
    ]);
    expect((await at(alice, room.id, seq)).body).toBe("mine, fixed");
  });
});

describe("a delete for everyone", () => {
  it("takes the text from the room's rows, its edits, the archive and search", async () => {
    const { alice, bob, room } = await groupOfThree();
    const seq = await sent(alice, room.id, "my number is zebra secret");
    const edited = await edit(alice, room.id, seq, "my number is zebra hidden");
    await archiveNow(room.id);
    expect(await found(bob, "zebra")).toEqual(["my number is zebra hidden"]);
    const deleted = await remove(alice, room.id, seq);
    expect(deleted.status).toBe(201);
    const page = await history(bob, room.id);
    const target = page.find((m) => m.seq === seq);
    expect(target).toMatchObject({ body: "", deletedAt: deleted.body.createdAt });
    expect(target).not.toHaveProperty("editedAt");
    expect(page.find((m) => m.seq === edited.body.seq)).toMatchObject({ kind: "edit", body: "" });
    expect(page.find((m) => m.seq === deleted.body.seq)).toMatchObject({
      kind: "delete",
      target: seq,
    });
    expect(JSON.stringify(page)).not.toContain("zebra");
    await archiveNow(room.id);
    expect(await found(bob, "zebra")).toEqual([]);
    const { results } = await env.DB.prepare(
      "SELECT seq, body, deleted_at FROM archive_messages WHERE room_id = ? AND body LIKE '%zebra%'",
    )
      .bind(room.id)
      .all();
    expect(results).toEqual([]);
    // Nothing more happens to a deleted message.
    expect(status(await edit(alice, room.id, seq, "back"))).toEqual([409, "target_deleted"]);
    expect(status(await react(bob, room.id, seq, "👍"))).toEqual([409, "target_deleted"]);
    expect(status(await remove(alice, room.id, seq))).toEqual([409, "target_deleted"]);
  });

  it("is the sender's, or in a group the owner's and admins', and never a stranger's", async () => {
    const { alice, bob, carol, room } = await groupOfThree(); // alice owns the group
    const bobs = await sent(bob, room.id, "bob's");
    const carols = await sent(carol, room.id, "carol's");
    expect(status(await remove(carol, room.id, bobs))).toEqual([403, "forbidden"]);
    expect((await remove(alice, room.id, bobs)).status).toBe(201); // the owner may
    expect((await remove(carol, room.id, carols)).status).toBe(201); // one's own
    expect(status(await remove(alice, room.id, 1))).toEqual([400, "invalid_target"]);
    // In a direct room no one deletes the other's words.
    const dave = await signUp();
    const direct = (await createDirect(alice.accessToken, dave.user.id)).body;
    const daves = await sent(dave, direct.id, "hi");
    expect(status(await remove(alice, direct.id, daves))).toEqual([403, "forbidden"]);
    expect((await remove(dave, direct.id, daves)).status).toBe(201);
  });

  it("of the newest message shows in the inbox as deleted, and moves nothing", async () => {
    const { alice, bob, room } = await groupOfThree();
    const seq = await sent(alice, room.id, "oops, wrong chat");
    const inboxRow = async () => {
      const inbox = await call<InboxPage>("GET", "/api/rooms", { token: bob.accessToken });
      const row = inbox.body.rooms.find((r) => r.id === room.id);
      if (!row) throw new Error("no inbox row");
      return row;
    };
    const before = await inboxRow();
    await remove(alice, room.id, seq);
    const { until } = await import("./until");
    await until(async () => (await inboxRow()).lastMessage?.deletedAt !== undefined, {
      what: "the deleted preview",
    });
    const after = await inboxRow();
    expect(after.lastMessage).toMatchObject({ seq, body: "" });
    expect(after.lastActivityAt).toBe(before.lastActivityAt);
    expect(after.unreadCount).toBe(before.unreadCount);
  });
});

describe("reactions", () => {
  it("are one per member per emoji, toggled, listed on the message, never unread", async () => {
    const { alice, bob, carol, room } = await groupOfThree();
    const seq = await sent(alice, room.id, "we won!");
    expect((await react(bob, room.id, seq, "🎉")).status).toBe(400); // not in the set
    expect((await react(bob, room.id, seq, "👍")).status).toBe(201);
    expect((await react(carol, room.id, seq, "👍")).status).toBe(201);
    expect((await react(carol, room.id, seq, "❤️")).status).toBe(201);
    // Already so: nothing is recorded, and the answer says so.
    const repeat = await react(bob, room.id, seq, "👍");
    expect([repeat.status, repeat.body.duplicate]).toEqual([200, true]);
    expect((await at(alice, room.id, seq)).reactions).toEqual([
      { emoji: "👍", userIds: [bob.user.id, carol.user.id] },
      { emoji: "❤️", userIds: [carol.user.id] },
    ]);
    expect((await react(bob, room.id, seq, "👍", false)).status).toBe(201);
    expect((await react(carol, room.id, seq, "❤️", false)).status).toBe(201);
    const taken = await react(carol, room.id, seq, "❤️", false);
    expect(taken.body.duplicate).toBe(true);
    expect((await at(alice, room.id, seq)).reactions).toEqual([
      { emoji: "👍", userIds: [carol.user.id] },
    ]);
    // Not unread: alice's badge counts none of them.
    const inbox = await call<InboxPage>("GET", "/api/rooms", { token: alice.accessToken });
    expect(inbox.body.rooms.find((r) => r.id === room.id)?.unreadCount).toBe(0);
    expect(status(await react(bob, room.id, 1, "👍"))).toEqual([400, "invalid_target"]);
  });

  it("reach the archive with the message", async () => {
    const { alice, bob, room } = await groupOfThree();
    const seq = await sent(alice, room.id, "photo of the cat");
    await archiveNow(room.id);
    await react(bob, room.id, seq, "😂");
    await archiveNow(room.id);
    const row = await env.DB.prepare(
      "SELECT reactions, version FROM archive_messages WHERE room_id = ? AND seq = ?",
    )
      .bind(room.id, seq)
      .first<{ reactions: string; version: number }>();
    expect(row?.version).toBe(seq + 1);
    expect(JSON.parse(row?.reactions ?? "null")).toEqual([{ emoji: "😂", userIds: [bob.user.id] }]);
  });
});

describe("trimming", () => {
  it("keeps a changed message until the archive has its new state", async () => {
    const trimmedTo = await withRoomStore(({ store, storage, context }) => {
      const ctx = context();
      // The archive and every member's session have everything: all may be trimmed.
      const caughtUp = () => {
        storage.sql.exec("UPDATE room SET archived_seq = last_seq");
        storage.sql.exec("UPDATE members SET delivered_seq = (SELECT last_seq FROM room)");
      };
      const id = "grp:trim-changed";
      roomOps.create(ctx, { id, kind: "group", title: "t", ownerId: "a", memberIds: ["b"] });
      for (let i = 2; i <= 9; i++)
        roomOps.send(ctx, { senderId: "a", clientMsgId: `m${i}`, body: "x" });
      caughtUp();
      const change = { kind: "reaction" as const, target: 4, emoji: "👍" as const, on: true };
      expect(changeMessage(ctx, { senderId: "b", clientMsgId: "r", change }).ok).toBe(true);
      caughtUp(); // the reaction's event too, but not the reacted message's new state
      return store.transaction(() =>
        store.retention.trim(2, Number.MAX_SAFE_INTEGER, store.states.lowestPending(), (to) =>
          store.trimming(to),
        ),
      );
    });
    expect(trimmedTo).toBe(3);
  });
});
