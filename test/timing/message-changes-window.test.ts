/**
 * Changes to messages at the edges of their limits (EDIT_WINDOW_SECONDS 1; a room that keeps
 * its newest 10 messages, RETENTION_MESSAGES): an edit a moment after sending is taken, one
 * past the window is `edit_window_closed`; a reaction to a message the room has archived
 * reaches the archive before the message is trimmed, and history from the archive shows
 * it; a message the room no longer holds is too old to change, though its reader may still
 * delete it for themselves.
 */
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { AuthResult, HistoryPage, SendResult } from "../../src/protocol";
import {
  type CallResult,
  call,
  createGroup,
  errorCode,
  postMessage,
  signUp,
} from "../worker/helpers";
import { until } from "../worker/until";

const messagesOf = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}/messages`;

function react(auth: AuthResult, roomId: string, seq: number): Promise<CallResult<SendResult>> {
  return call<SendResult>("POST", `${messagesOf(roomId)}/${seq}/reactions`, {
    token: auth.accessToken,
    body: { clientMsgId: crypto.randomUUID(), emoji: "👍", on: true },
  });
}

describe("the edit window", () => {
  it("takes an edit within EDIT_WINDOW_SECONDS and refuses one after it", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const roomId = (await createGroup(alice.accessToken, "typos", [bob.user.id])).body.id;
    const sent = await postMessage(alice.accessToken, roomId, "teh plan");
    const edit = (body: string) =>
      call<SendResult>("PATCH", `${messagesOf(roomId)}/${sent.body.seq}`, {
        token: alice.accessToken,
        body: { clientMsgId: crypto.randomUUID(), body },
      });
    expect((await edit("the plan")).status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const late = await edit("the plan, again");
    expect([late.status, errorCode(late)]).toEqual([403, "edit_window_closed"]);
  });
});

describe("changes and the archive", () => {
  it("a change to an archived message reaches D1 before the message leaves the room", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const roomId = (await createGroup(alice.accessToken, "long", [bob.user.id])).body.id;
    for (let i = 1; i <= 12; i++) {
      expect((await postMessage(alice.accessToken, roomId, `line ${i}`, `c${i}`)).status).toBe(201);
    }
    const stub = () => env.CHAT_ROOM.get(env.CHAT_ROOM.idFromName(roomId));
    const held = () =>
      runInDurableObject(stub(), (_i, state) =>
        state.storage.sql
          .exec("SELECT seq FROM messages ORDER BY seq")
          .toArray()
          .map((r) => Number(r.seq)),
      );
    const archived = async (seq: number) =>
      env.DB.prepare("SELECT reactions FROM archive_messages WHERE room_id = ? AND seq = ?")
        .bind(roomId, seq)
        .first<{ reactions: string | null }>();
    await until(
      async () => {
        await runDurableObjectAlarm(stub());
        return (await held())[0] === 4 && (await archived(13)) !== null;
      },
      15_000,
      "archived and trimmed to the newest 10",
    );
    // Seq 4 is archived and still held: a reaction to it is taken, then copied again.
    expect((await react(bob, roomId, 4)).status).toBe(201);
    // Too old: the room no longer holds seq 3.
    const old = await react(bob, roomId, 3);
    expect([old.status, errorCode(old)]).toEqual([400, "invalid_target"]);
    for (let i = 13; i <= 16; i++) {
      expect((await postMessage(alice.accessToken, roomId, `line ${i}`, `c${i}`)).status).toBe(201);
    }
    await until(
      async () => {
        await runDurableObjectAlarm(stub());
        return ((await held())[0] ?? 0) > 4;
      },
      15_000,
      "seq 4 trimmed",
    );
    expect(JSON.parse((await archived(4))?.reactions ?? "null")).toEqual([
      { emoji: "👍", userIds: [bob.user.id] },
    ]);
    const page = await call<HistoryPage>("GET", `${messagesOf(roomId)}?after=3&limit=1`, {
      token: alice.accessToken,
    });
    expect(page.body.messages[0]).toMatchObject({
      seq: 4,
      reactions: [{ emoji: "👍", userIds: [bob.user.id] }],
    });
    // Delete for me finds a message only the archive holds, and pages from the archive
    // give it hidden to Bob alone.
    const hide = await call("PUT", `${messagesOf(roomId)}/3/hidden`, { token: bob.accessToken });
    expect(hide.status).toBe(204);
    const hiddenOf = async (auth: AuthResult) => {
      const old = await call<HistoryPage>("GET", `${messagesOf(roomId)}?after=1&limit=3`, {
        token: auth.accessToken,
      });
      return old.body.messages.map((m) => [m.seq, m.hidden === true, m.body]);
    };
    expect(await hiddenOf(bob)).toEqual([
      [2, false, "line 1"],
      [3, true, ""],
      [4, false, "line 3"],
    ]);
    expect((await hiddenOf(alice))[1]).toEqual([3, false, "line 2"]);
  });
});
