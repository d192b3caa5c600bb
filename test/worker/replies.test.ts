/**
 * Replies (issue 22): a message may quote one earlier message of its room by seq
 * (`replyTo`), over HTTP and both sockets; the room refuses a target that is no message of
 * the room or a system message (`invalid_target`), in the copy it holds and below its trim
 * point alike.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ChatMessage, HistoryPage, SendResult } from "../../src/protocol";
import * as room from "../../src/room/room";
import { RoomStore } from "../../src/room/store";
import { DEFAULT_SETTINGS } from "../../src/settings";
import { archiveNow } from "./archived-room";
import { type CallResult, call, errorCode, groupOfThree, open, opened } from "./helpers";

const messagesOf = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}/messages`;

function reply(
  token: string,
  roomId: string,
  replyTo: unknown,
  body = "↩",
): Promise<CallResult<SendResult>> {
  return call<SendResult>("POST", messagesOf(roomId), {
    token,
    body: { clientMsgId: crypto.randomUUID(), body, replyTo },
  });
}

async function history(token: string, roomId: string): Promise<ChatMessage[]> {
  const page = await call<HistoryPage>("GET", messagesOf(roomId), { token });
  expect(page.status).toBe(200);
  return page.body.messages;
}

describe("a reply", () => {
  it("quotes an earlier message of its room by seq, kept with the message", async () => {
    const { alice, bob, room: group } = await groupOfThree();
    const first = await call<SendResult>("POST", messagesOf(group.id), {
      token: alice.accessToken,
      body: { clientMsgId: "q", body: "lunch?" },
    });
    const answer = await reply(bob.accessToken, group.id, first.body.seq, "yes!");
    expect(answer.status).toBe(201);
    const last = (await history(alice.accessToken, group.id)).at(-1);
    expect(last).toMatchObject({ body: "yes!", replyTo: first.body.seq, senderId: bob.user.id });
    // A reply may quote a reply, and a message without replyTo has none.
    const again = await reply(alice.accessToken, group.id, answer.body.seq);
    expect(again.status).toBe(201);
    expect((await history(bob.accessToken, group.id)).at(-3)).not.toHaveProperty("replyTo");
    // The archive keeps it too.
    await archiveNow(group.id);
    const { results } = await env.DB.prepare(
      "SELECT seq, reply_to FROM archive_messages WHERE room_id = ? AND reply_to IS NOT NULL",
    )
      .bind(group.id)
      .all<{ seq: number; reply_to: number }>();
    expect(results).toEqual([
      { seq: answer.body.seq, reply_to: first.body.seq },
      { seq: again.body.seq, reply_to: answer.body.seq },
    ]);
  });

  it("is refused for a target that is no message of the room, or a system message", async () => {
    const { alice, room: group } = await groupOfThree();
    const sent = await reply(alice.accessToken, group.id, undefined, "first");
    expect(sent.status).toBe(201);
    for (const target of [1, sent.body.seq + 1, 10_000]) {
      const refused = await reply(alice.accessToken, group.id, target);
      expect([refused.status, errorCode(refused)], String(target)).toEqual([400, "invalid_target"]);
    }
    for (const target of [0, -1, 1.5, "2"]) {
      const refused = await reply(alice.accessToken, group.id, target);
      expect([refused.status, errorCode(refused)], String(target)).toEqual([
        400,
        "validation_failed",
      ]);
    }
    expect((await history(alice.accessToken, group.id)).map((m) => m.body)).toEqual(["", "first"]);
  });

  it("goes on both sockets", async () => {
    const { alice, bob, room: group } = await groupOfThree();
    const first = await reply(alice.accessToken, group.id, undefined, "ping");
    const roomSocket = await opened(alice.accessToken, group.id);
    await roomSocket.next(); // room_open
    roomSocket.ws.send(
      JSON.stringify({
        type: "send",
        id: "r1",
        roomId: group.id,
        clientMsgId: "r1",
        body: "on the room socket",
        replyTo: first.body.seq,
      }),
    );
    const session = await open(bob.accessToken);
    session.ws.send(JSON.stringify({ type: "hello", id: "h" }));
    session.ws.send(
      JSON.stringify({
        type: "send",
        id: "r2",
        roomId: group.id,
        clientMsgId: "r2",
        body: "on the session socket",
        replyTo: 1,
      }),
    );
    for (;;) {
      const frame = await session.next();
      if (frame.type === "error" && frame.ref === "r2") {
        expect(frame.code).toBe("invalid_target");
        break;
      }
    }
    for (;;) {
      const frame = await roomSocket.next();
      if (frame.type === "ack" && frame.ref === "r1") break;
    }
    const last = (await history(bob.accessToken, group.id)).at(-1);
    expect(last).toMatchObject({ body: "on the room socket", replyTo: first.body.seq });
    roomSocket.ws.close();
    session.ws.close();
  });

  it("may quote a message trimmed from the room's copy, but not a trimmed system message", async () => {
    const stub = env.CHAT_ROOM.get(env.CHAT_ROOM.idFromName("grp:trimmed-replies"));
    const answers = await runInDurableObject(stub, (_instance, state) => {
      const store = new RoomStore(state.storage);
      const ctx = {
        store,
        settings: DEFAULT_SETTINGS,
        now: 1,
        transaction: <T>(f: () => T) => state.storage.transactionSync(f),
      };
      const id = "grp:trimmed-replies";
      room.create(ctx, { id, kind: "group", title: "t", ownerId: "a", memberIds: ["b"] });
      room.send(ctx, { senderId: "a", clientMsgId: "m2", body: "two" }); // seq 2
      room.rename(ctx, "a", "renamed"); // seq 3, a system message
      for (let i = 4; i <= 8; i++)
        room.send(ctx, { senderId: "b", clientMsgId: `m${i}`, body: "x" });
      state.storage.sql.exec("UPDATE room SET archived_seq = last_seq");
      state.storage.sql.exec("UPDATE members SET delivered_seq = (SELECT last_seq FROM room)");
      const trimmedTo = store.transaction(() =>
        store.retention.trim(2, Number.MAX_SAFE_INTEGER, null, (to) => store.trimming(to)),
      );
      const send = (replyTo: number) =>
        room.send(ctx, { senderId: "a", clientMsgId: `r${replyTo}`, body: "re", replyTo });
      return { trimmedTo, two: send(2).ok, three: send(3), seven: send(7).ok };
    });
    expect(answers.trimmedTo).toBeGreaterThanOrEqual(3);
    expect(answers.two).toBe(true);
    expect(answers.three).toMatchObject({ ok: false, error: { code: "invalid_target" } });
    expect(answers.seven).toBe(true);
  });
});
