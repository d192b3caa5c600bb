/**
 * Two marks of an inbox row (issue 22): `stranger`, a chat of two the other user started in
 * which the user has not written yet; and `hidden`, a chat the user hid until its next
 * message (`PUT /api/rooms/:id/hidden`), on every device, which a change to a message does
 * not bring back.
 */
import { describe, expect, it } from "vitest";
import type { AuthResult, ChatObject, InboxEntry, InboxPage } from "../../src/protocol";
import { Device } from "./device";
import { call, createDirect, createGroup, errorCode, postMessage, signUp } from "./helpers";
import { until } from "./until";

async function inbox(auth: AuthResult): Promise<InboxEntry[]> {
  return (await call<InboxPage>("GET", "/api/rooms", { token: auth.accessToken })).body.rooms;
}

async function row(auth: AuthResult, roomId: string): Promise<InboxEntry | undefined> {
  return (await inbox(auth)).find((r) => r.id === roomId);
}

describe("a stranger's chat", () => {
  it("is marked for the one who did not start it, until they write", async () => {
    const [alice, bob, carol] = await Promise.all([signUp(), signUp(), signUp()]);
    const direct = (await createDirect(bob.accessToken, alice.user.id)).body;
    expect((await postMessage(bob.accessToken, direct.id, "hi, we met at the fair")).status).toBe(
      201,
    );
    await until(async () => (await row(alice, direct.id)) !== undefined, { what: "alice's row" });
    expect((await row(alice, direct.id))?.stranger).toBe(true);
    expect((await row(bob, direct.id))?.stranger).toBe(false);
    // A group is never a stranger's chat.
    const group = (await createGroup(bob.accessToken, "club", [alice.user.id, carol.user.id])).body;
    await postMessage(bob.accessToken, group.id, "welcome");
    await until(async () => (await row(alice, group.id)) !== undefined, { what: "the group" });
    expect((await row(alice, group.id))?.stranger).toBe(false);
    // The one who started it is no stranger to it, even before writing.
    const started = (await createDirect(carol.accessToken, alice.user.id)).body;
    await postMessage(alice.accessToken, started.id, "you added me?");
    await until(async () => (await row(carol, started.id)) !== undefined, { what: "carol's row" });
    expect((await row(carol, started.id))?.stranger).toBe(false);
    // Writing back ends it.
    await postMessage(alice.accessToken, direct.id, "oh hi!");
    await until(async () => (await row(alice, direct.id))?.stranger === false, {
      what: "no longer a stranger",
    });
  });

  it("is marked for an object's owner when someone asks about it", async () => {
    const [owner, asker] = await Promise.all([signUp(), signUp()]);
    const object = (
      await call<ChatObject>("POST", "/api/objects", {
        token: owner.accessToken,
        body: { title: "Road bike" },
      })
    ).body;
    const chat = await call<{ id: string }>("POST", `/api/objects/${object.id}/chats`, {
      token: asker.accessToken,
    });
    await postMessage(asker.accessToken, chat.body.id, "still available?");
    await until(async () => (await row(owner, chat.body.id)) !== undefined, {
      what: "owner's row",
    });
    expect((await row(owner, chat.body.id))?.stranger).toBe(true);
    expect((await row(asker, chat.body.id))?.stranger).toBe(false);
  });
});

describe("a hidden chat", () => {
  it("leaves the inbox on every device until its next message, not its next reaction", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const direct = (await createDirect(bob.accessToken, alice.user.id)).body;
    const seq = (await postMessage(bob.accessToken, direct.id, "hello")).body.seq;
    await until(async () => (await row(alice, direct.id)) !== undefined, { what: "alice's row" });
    const phone = await Device.connect(alice);
    const hide = await call("PUT", `/api/rooms/${direct.id}/hidden`, {
      token: alice.accessToken,
      body: { hidden: true },
    });
    expect(hide).toMatchObject({ status: 200, body: { roomId: direct.id, hidden: true } });
    await phone.waitFor(
      (f) => f.type === "room_prefs" && f.roomId === direct.id && f.hidden && !f.muted,
    );
    expect(await row(alice, direct.id)).toBeUndefined();
    expect(await row(bob, direct.id)).toBeDefined(); // hers alone
    // A reaction is no news: still hidden.
    const reaction = await call("POST", `/api/rooms/${direct.id}/messages/${seq}/reactions`, {
      token: bob.accessToken,
      body: { clientMsgId: "r", emoji: "👍", on: true },
    });
    expect(reaction.status).toBe(201);
    await phone.waitFor((f) => f.type === "message" && f.message.kind === "reaction");
    expect(await row(alice, direct.id)).toBeUndefined();
    await postMessage(bob.accessToken, direct.id, "are you there?");
    await until(async () => (await row(alice, direct.id))?.hidden === false, {
      what: "back in the inbox",
    });
    const unknown = await call("PUT", "/api/rooms/grp:nope/hidden", {
      token: alice.accessToken,
      body: { hidden: true },
    });
    expect([unknown.status, errorCode(unknown)]).toEqual([404, "not_found"]);
    phone.close();
  });
});
