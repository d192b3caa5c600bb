/**
 * Blocks (issue 22): a user blocks another; the blocked user cannot start a direct or object
 * chat with them or add them to a group, neither writes in a chat of the two, and the
 * blocker reads offline with no last-seen time to them. Unblocking restores each. Groups
 * they share keep working (the blocker's devices hide the other's messages).
 */
import { describe, expect, it } from "vitest";
import type { BlockedUser, ChatObject, PresenceState, SendResult } from "../../src/protocol";
import { Device, watch } from "./device";
import {
  type CallResult,
  call,
  createDirect,
  createGroup,
  errorCode,
  postMessage,
  signUp,
} from "./helpers";

const setBlock = (token: string, userId: string, on: boolean) =>
  call<{ userId: string; blocked: boolean }>(on ? "PUT" : "DELETE", `/api/me/blocks/${userId}`, {
    token,
  });
const status = (r: CallResult<unknown>) => [r.status, errorCode(r)];

describe("a block", () => {
  it("closes the chat of the two both ways, stops new chats and invitations, and lifts", async () => {
    const [alice, bob, carol] = await Promise.all([signUp(), signUp(), signUp()]);
    const direct = (await createDirect(alice.accessToken, bob.user.id)).body;
    const group = (await createGroup(carol.accessToken, "club", [alice.user.id, bob.user.id])).body;
    expect((await postMessage(bob.accessToken, direct.id, "hi")).status).toBe(201);

    expect(await setBlock(alice.accessToken, bob.user.id, true)).toMatchObject({
      status: 200,
      body: { userId: bob.user.id, blocked: true },
    });
    expect((await setBlock(alice.accessToken, bob.user.id, true)).status).toBe(200); // again
    const list = await call<{ blocked: BlockedUser[] }>("GET", "/api/me/blocks", {
      token: alice.accessToken,
    });
    expect(list.body.blocked).toEqual([
      {
        user: {
          id: bob.user.id,
          username: bob.user.username,
          displayName: expect.any(String),
          avatarId: null,
        },
        blockedAt: expect.any(Number),
      },
    ]);

    // The chat of the two takes nothing from either, on HTTP and on the socket.
    expect(status(await postMessage(bob.accessToken, direct.id, "hello?"))).toEqual([
      403,
      "blocked",
    ]);
    expect(status(await postMessage(alice.accessToken, direct.id, "go away"))).toEqual([
      403,
      "blocked",
    ]);
    const phone = await Device.connect(bob);
    expect(await phone.send(direct.id, "on the socket")).toMatchObject({
      type: "error",
      code: "blocked",
    });
    // No new chat, no invitation, either way; a group they share goes on.
    expect(status(await createDirect(bob.accessToken, alice.user.id))).toEqual([403, "blocked"]);
    expect(status(await createDirect(alice.accessToken, bob.user.id))).toEqual([403, "blocked"]);
    expect(
      status(await createGroup(bob.accessToken, "us", [alice.user.id, carol.user.id])),
    ).toEqual([403, "blocked"]);
    const bobsGroup = (await createGroup(bob.accessToken, "mine", [carol.user.id])).body;
    const invite = await call("POST", `/api/rooms/${bobsGroup.id}/members`, {
      token: bob.accessToken,
      body: { userIds: [alice.user.id] },
    });
    expect(status(invite)).toEqual([403, "blocked"]);
    expect((await postMessage(bob.accessToken, group.id, "in the club")).status).toBe(201);

    // The blocker reads offline, with no last-seen time, to the blocked user.
    const alicePhone = await Device.connect(alice);
    const watching = (await watch(phone, group.id)) as { presence: PresenceState[] };
    expect(watching.presence.find((p) => p.userId === alice.user.id)).toEqual({
      userId: alice.user.id,
      online: false,
      lastSeenAt: null,
    });

    // Lifted: everything as before.
    expect((await setBlock(alice.accessToken, bob.user.id, false)).body.blocked).toBe(false);
    const sent = await postMessage(bob.accessToken, direct.id, "friends again?");
    expect(sent.status).toBe(201);
    expect((await createDirect(bob.accessToken, alice.user.id)).status).toBe(201);
    const again = await Device.connect(bob);
    const watchedAgain = (await watch(again, direct.id)) as { presence: PresenceState[] };
    expect(watchedAgain.presence.find((p) => p.userId === alice.user.id)?.online).toBe(true);
    for (const d of [phone, alicePhone, again]) d.close();
  });

  it("stops asking about the blocker's objects, and closes the chats about them", async () => {
    const [owner, asker, stranger] = await Promise.all([signUp(), signUp(), signUp()]);
    const object = (
      await call<ChatObject>("POST", "/api/objects", {
        token: owner.accessToken,
        body: { title: "Desk lamp" },
      })
    ).body;
    const chat = await call<{ id: string }>("POST", `/api/objects/${object.id}/chats`, {
      token: asker.accessToken,
    });
    expect(chat.status).toBe(201);
    await setBlock(owner.accessToken, asker.user.id, true);
    await setBlock(owner.accessToken, stranger.user.id, true);
    const write = (): Promise<CallResult<SendResult>> =>
      postMessage(asker.accessToken, chat.body.id, "still for sale?");
    expect(status(await write())).toEqual([403, "blocked"]);
    const ask = await call("POST", `/api/objects/${object.id}/chats`, {
      token: stranger.accessToken,
    });
    expect(status(ask)).toEqual([403, "blocked"]);
    await setBlock(owner.accessToken, asker.user.id, false);
    expect((await write()).status).toBe(201);
  });

  it("is refused for oneself and for no such user", async () => {
    const alice = await signUp();
    expect(status(await setBlock(alice.accessToken, alice.user.id, true))).toEqual([
      400,
      "bad_request",
    ]);
    expect(status(await setBlock(alice.accessToken, "no-such-user", true))).toEqual([
      404,
      "not_found",
    ]);
  });
});
