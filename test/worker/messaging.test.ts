import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { AckFrame, HistoryPage, InboxEntry, RoomDetails } from "../../src/protocol";
import { SessionStore } from "../../src/session/store";
import { Device } from "./device";
import {
  call,
  createDirect,
  createGroup,
  errorCode,
  insertUsers,
  PASSWORD,
  signIn,
  signUp,
} from "./helpers";
import { until } from "./until";

async function twoDevices(auth: Awaited<ReturnType<typeof signUp>>): Promise<[Device, Device]> {
  const second = await signIn(auth.user.username, PASSWORD);
  return [await Device.connect(auth), await Device.connect(second.body)];
}

describe("direct rooms", () => {
  it("deliver every message to all four devices of two users exactly once, in order", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const room = (await createDirect(alice.accessToken, bob.user.id)).body;
    expect(room.id).toBe(`dm:${[alice.user.id, bob.user.id].sort().join(":")}`);
    const [a1, a2] = await twoDevices(alice);
    const [b1, b2] = await twoDevices(bob);
    const sent: [number, string][] = [];
    for (let i = 0; i < 6; i++) {
      const from = [a1, b1, a2, b2][i % 4] as Device;
      const ack = (await from.send(room.id, `hello ${i}`)) as AckFrame;
      expect(ack.type).toBe("ack");
      sent.push([ack.seq, `hello ${i}`]);
    }
    for (const device of [a1, a2, b1, b2] as Device[]) {
      const got = await device.waitForTexts(room.id, 6);
      expect(got).toEqual(sent);
      const seqs = device.messages
        .filter((m) => m.message.roomId === room.id)
        .map((m) => m.message.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      expect(new Set(seqs).size).toBe(seqs.length);
      device.close();
    }
  });

  it("creating the same direct room again returns it, from either side", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const first = await createDirect(alice.accessToken, bob.user.id);
    const again = await createDirect(bob.accessToken, alice.user.id);
    expect(first.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.lastSeq).toBe(1);
    expect(errorCode(await createDirect(alice.accessToken, alice.user.id))).toBe("bad_request");
    expect(errorCode(await createDirect(alice.accessToken, crypto.randomUUID()))).toBe(
      "validation_failed",
    );
  });
});

describe("idempotent send", () => {
  it("stores a clientMsgId once and acknowledges a retry with the original seq", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const room = (await createDirect(alice.accessToken, bob.user.id)).body;
    const device = await Device.connect(alice);
    const first = (await device.send(room.id, "once", "client-1")) as AckFrame;
    const retry = (await device.send(room.id, "once", "client-1")) as AckFrame;
    expect(retry).toMatchObject({ type: "ack", seq: first.seq, duplicate: true });
    expect(first.duplicate).toBe(false);
    // over REST as well, after the socket drops
    device.close();
    const rest = await call<AckFrame>("POST", `/api/rooms/${room.id}/messages`, {
      token: alice.accessToken,
      body: { clientMsgId: "client-1", body: "once" },
    });
    expect(rest.status).toBe(200);
    expect(rest.body.seq).toBe(first.seq);
    const history = await call<HistoryPage>("GET", `/api/rooms/${room.id}/messages`, {
      token: bob.accessToken,
    });
    expect(history.body.messages.filter((m) => m.kind === "text").map((m) => m.body)).toEqual([
      "once",
    ]);
  });

  it("keys idempotency per sender: two senders may use the same clientMsgId", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const room = (await createDirect(alice.accessToken, bob.user.id)).body;
    const send = (token: string) =>
      call<AckFrame>("POST", `/api/rooms/${room.id}/messages`, {
        token,
        body: { clientMsgId: "same", body: "hi" },
      });
    const a = await send(alice.accessToken);
    const b = await send(bob.accessToken);
    expect(b.body.seq).toBe(a.body.seq + 1);
  });
});

describe("groups", () => {
  it("accept up to MAX_GROUP_MEMBERS (100) and refuse the 101st", async () => {
    const owner = await signUp();
    const others = await insertUsers(env.DB, 99);
    const created = await createGroup(owner.accessToken, "hundred", others);
    expect(created.status).toBe(201);
    expect(created.body.members).toHaveLength(100);
    const [extra] = await insertUsers(env.DB, 1);
    const refused = await call("POST", `/api/rooms/${created.body.id}/members`, {
      token: owner.accessToken,
      body: { userIds: [extra] },
    });
    expect(refused.status).toBe(409);
    expect(errorCode(refused)).toBe("room_full");
    const tooBig = await createGroup(owner.accessToken, "too big", [...others, extra as string]);
    expect(errorCode(tooBig)).toBe("room_full");
  });

  it("record joins, leaves, renames and role changes as system messages in seq order", async () => {
    const owner = await signUp();
    const admin = await signUp();
    const member = await signUp();
    const room = (await createGroup(owner.accessToken, "team", [admin.user.id])).body;
    const token = owner.accessToken;
    expect(
      (
        await call("POST", `/api/rooms/${room.id}/members`, {
          token,
          body: { userIds: [member.user.id] },
        })
      ).status,
    ).toBe(200);
    await call("PATCH", `/api/rooms/${room.id}/members/${admin.user.id}`, {
      token,
      body: { role: "admin" },
    });
    await call("PATCH", `/api/rooms/${room.id}`, { token, body: { title: "팀" } });
    // members may not rename, admins may not promote
    expect(
      errorCode(
        await call("PATCH", `/api/rooms/${room.id}`, {
          token: member.accessToken,
          body: { title: "x" },
        }),
      ),
    ).toBe("forbidden");
    expect(
      errorCode(
        await call("PATCH", `/api/rooms/${room.id}/members/${member.user.id}`, {
          token: admin.accessToken,
          body: { role: "admin" },
        }),
      ),
    ).toBe("forbidden");
    // the owner leaves: the admin inherits
    expect(
      (await call("DELETE", `/api/rooms/${room.id}/members/${owner.user.id}`, { token })).status,
    ).toBe(204);
    const details = await call<RoomDetails>("GET", `/api/rooms/${room.id}`, {
      token: admin.accessToken,
    });
    expect(details.body.title).toBe("팀");
    expect(details.body.members.map((m) => [m.userId, m.role])).toEqual([
      [admin.user.id, "owner"],
      [member.user.id, "member"],
    ]);
    const history = await call<HistoryPage>("GET", `/api/rooms/${room.id}/messages`, {
      token: member.accessToken,
    });
    expect(history.body.messages.map((m) => [m.seq, m.system?.type])).toEqual([
      [1, "created"],
      [2, "joined"],
      [3, "role"],
      [4, "renamed"],
      [5, "left"],
      [6, "role"],
    ]);
  });

  it("stop delivering to a removed member at once; the removal is the last thing they get", async () => {
    const owner = await signUp();
    const leaver = await signUp();
    const room = (await createGroup(owner.accessToken, "g", [leaver.user.id])).body;
    const ownerDevice = await Device.connect(owner);
    const leaverDevice = await Device.connect(leaver);
    await ownerDevice.send(room.id, "before");
    await leaverDevice.waitForTexts(room.id, 1);
    await call("DELETE", `/api/rooms/${room.id}/members/${leaver.user.id}`, {
      token: owner.accessToken,
    });
    await leaverDevice.waitFor((f) => f.type === "message" && f.message.system?.type === "removed");
    await ownerDevice.send(room.id, "after");
    await ownerDevice.waitForTexts(room.id, 2);
    // Give any stray delivery a moment, then check nothing more arrived.
    await new Promise((r) => setTimeout(r, 200));
    expect(leaverDevice.texts(room.id).map(([, b]) => b)).toEqual(["before"]);
    expect((await leaverDevice.send(room.id, "still here?")).type).toBe("error");
    const inbox = await call<{ rooms: InboxEntry[] }>("GET", "/api/rooms", {
      token: leaver.accessToken,
    });
    expect(inbox.body.rooms.find((r) => r.id === room.id)?.membership).toBe("left");
    ownerDevice.close();
    leaverDevice.close();
  });
});

describe("members only (invariant 6)", () => {
  it("answers a non-member exactly like a room that does not exist", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const stranger = await signUp();
    const room = (await createDirect(alice.accessToken, bob.user.id)).body;
    const missing = `grp:${crypto.randomUUID()}`;
    const token = stranger.accessToken;
    for (const path of [`/api/rooms/${room.id}`, `/api/rooms/${room.id}/messages`]) {
      const real = await call("GET", path, { token });
      const fake = await call("GET", path.replace(room.id, missing), { token });
      expect(real.status).toBe(404);
      expect(real.body).toEqual(fake.body);
    }
    const send = await call("POST", `/api/rooms/${room.id}/messages`, {
      token,
      body: { clientMsgId: "x", body: "hi" },
    });
    expect(send.status).toBe(404);
    const add = await call("POST", `/api/rooms/${room.id}/members`, {
      token,
      body: { userIds: [stranger.user.id] },
    });
    expect(add.status).toBe(404);
    const device = await Device.connect(stranger);
    expect(await device.send(room.id, "hi")).toMatchObject({ type: "error", code: "not_found" });
    device.close();
  });
});

describe("history", () => {
  it("pages before and after a seq with a limit, and refuses a limit over HISTORY_PAGE_MAX", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const room = (await createDirect(alice.accessToken, bob.user.id)).body;
    for (let i = 1; i <= 5; i++) {
      await call("POST", `/api/rooms/${room.id}/messages`, {
        token: alice.accessToken,
        body: { clientMsgId: `m${i}`, body: `m${i}` },
      });
    }
    const get = (q: string) =>
      call<HistoryPage>("GET", `/api/rooms/${room.id}/messages?${q}`, { token: bob.accessToken });
    const latest = await get("limit=2");
    expect(latest.body.messages.map((m) => m.seq)).toEqual([5, 6]);
    expect(latest.body.hasMore).toBe(true);
    const older = await get("before=5&limit=3");
    expect(older.body.messages.map((m) => m.seq)).toEqual([2, 3, 4]);
    const oldest = await get("before=2&limit=3");
    expect(oldest.body).toMatchObject({ hasMore: false });
    expect(oldest.body.messages.map((m) => m.seq)).toEqual([1]);
    const newer = await get("after=4&limit=100");
    expect(newer.body.messages.map((m) => m.seq)).toEqual([5, 6]);
    expect(newer.body.hasMore).toBe(false);
    expect((await get("limit=101")).status).toBe(400);
    expect((await get("limit=0")).status).toBe(400);
    expect((await get("before=abc")).status).toBe(400);
  });
});

describe("sync across devices", () => {
  it("replays every missed event after the device's cursor, in order", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const room = (await createDirect(alice.accessToken, bob.user.id)).body;
    const phone = await Device.connect(bob);
    await (await Device.connect(alice)).send(room.id, "seen live");
    await phone.waitForTexts(room.id, 1);
    const cursor = phone.cursor;
    phone.close();
    await postAndAwaitFanout(alice.accessToken, bob.accessToken, room.id, "offline", 5);
    const again = await Device.connect(bob, cursor);
    const replayed = await again.waitForTexts(room.id, 5);
    expect(replayed.map(([, b]) => b)).toEqual([
      "offline 0",
      "offline 1",
      "offline 2",
      "offline 3",
      "offline 4",
    ]);
    expect(again.resync).toBeUndefined();
    const useqs = again.messages.map((m) => m.useq);
    expect(useqs).toEqual(Array.from({ length: useqs.length }, (_, i) => cursor + 1 + i));
    again.close();
  });

  it("replays the very frames a connected device got, whatever the text holds", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const room = (await createDirect(alice.accessToken, bob.user.id)).body;
    const [online, later] = await twoDevices(bob);
    const cursor = later.cursor;
    later.close();
    const bodies = ['quote " and \\ backslash', "🎉 한국어 ünï", "line\nbreak\ttab \u2028 end"];
    const sender = await Device.connect(alice);
    for (const body of bodies) await sender.send(room.id, body);
    const live = await online.waitForTexts(room.id, bodies.length);
    expect(live.map(([, b]) => b)).toEqual(bodies);
    const again = await Device.connect(bob, cursor);
    await again.waitForTexts(room.id, bodies.length);
    expect(again.messages).toEqual(online.messages);
    for (const d of [online, again, sender]) d.close();
  });

  it("sends resync when the log no longer reaches back to the cursor, and to a new device", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const room = (await createDirect(alice.accessToken, bob.user.id)).body;
    // Each message its own delivery, so a log row each: trimming takes whole rows.
    for (let i = 0; i < 4; i++) {
      await postAndAwaitFanout(alice.accessToken, bob.accessToken, room.id, `r${i}-`, 1);
    }
    const fresh = await Device.connect(bob, 0);
    await fresh.waitFor((f) => f.type === "resync");
    expect(fresh.resync).toMatchObject({
      cursor: 5,
      rooms: [{ room: { id: room.id }, lastSeq: 5 }],
    });
    fresh.close();
    const stub = env.USER_SESSION.get(env.USER_SESSION.idFromName(bob.user.id));
    await runInDurableObject(stub, (_instance, state) =>
      new SessionStore(state.storage).trim(2, 0),
    );
    const stale = await Device.connect(bob, 1);
    await stale.waitFor((f) => f.type === "resync");
    expect(stale.resync).toMatchObject({ cursor: 5 });
    expect(stale.messages).toHaveLength(0);
    stale.close();
    const recent = await Device.connect(bob, 3);
    await recent.waitFor(() => recent.messages.length >= 2);
    expect(recent.resync).toBeUndefined();
    expect(recent.messages.map((m) => m.useq)).toEqual([4, 5]);
    recent.close();
  });
});

describe("redelivery from a room", () => {
  it("is logged and pushed once: a session drops seqs it already has", async () => {
    const alice = await signUp();
    const device = await Device.connect(alice);
    const stub = env.USER_SESSION.get(env.USER_SESSION.idFromName(alice.user.id));
    const room = { id: "grp:redelivery", kind: "group" as const, title: "r" };
    const message = (seq: number) => ({
      roomId: room.id,
      seq,
      kind: "text" as const,
      senderId: "someone",
      clientMsgId: `c${seq}`,
      body: `m${seq}`,
      createdAt: seq,
    });
    const receipt = (upTo: number) => ({ readSeq: 0, upTo, unreadCount: upTo });
    await stub.deliver(alice.user.id, room, JSON.stringify([message(1), message(2)]), receipt(2));
    // A lost ack, retried, and a stale batch whose unread count is older than what is here.
    await stub.deliver(
      alice.user.id,
      room,
      JSON.stringify([message(1), message(2), message(3)]),
      receipt(3),
    );
    await stub.deliver(alice.user.id, room, JSON.stringify([message(2)]), receipt(2));
    await device.waitForTexts(room.id, 3);
    await new Promise((r) => setTimeout(r, 100));
    expect(device.texts(room.id).map(([seq]) => seq)).toEqual([1, 2, 3]);
    expect(device.messages.map((m) => m.useq)).toEqual([1, 2, 3]);
    const inbox = await stub.inbox(10);
    expect(inbox.rooms[0]).toMatchObject({ id: room.id, lastSeq: 3, unreadCount: 3 });
    device.close();
  });
});

describe("concurrent senders", () => {
  it("give every device one order and a gap-free seq", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const carol = await signUp();
    const room = (await createGroup(alice.accessToken, "busy", [bob.user.id, carol.user.id])).body;
    const [a1, a2] = await twoDevices(alice);
    const b1 = await Device.connect(bob);
    const c1 = await Device.connect(carol);
    const senders = [a1, a2, b1] as Device[];
    const acks = await Promise.all(
      senders.flatMap((d, i) => Array.from({ length: 5 }, (_, k) => d.send(room.id, `d${i}-${k}`))),
    );
    expect(acks.every((a) => a.type === "ack")).toBe(true);
    const orders = await Promise.all(
      [a1, a2, b1, c1].map((d) => (d as Device).waitForTexts(room.id, 15)),
    );
    for (const order of orders) expect(order).toEqual(orders[0]);
    const seqs = (orders[0] ?? []).map(([seq]) => seq);
    expect(seqs).toEqual(Array.from({ length: 15 }, (_, i) => i + 2)); // seq 1 is "created"
    for (const d of [a1, a2, b1, c1]) (d as Device).close();
  });
});

describe("frames the session refuses", () => {
  it("answers spoofed, oversized-body and malformed sends with errors and keeps serving", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const room = (await createDirect(alice.accessToken, bob.user.id)).body;
    const device = await Device.connect(alice);
    const raw = (frame: object) => device.ws.send(JSON.stringify(frame));
    raw({
      type: "send",
      id: "spoof",
      roomId: room.id,
      clientMsgId: "z",
      body: "x",
      senderId: bob.user.id,
    });
    expect(await device.waitFor((f) => f.type === "error" && f.ref === "spoof")).toMatchObject({
      code: "validation_failed",
    });
    raw({ type: "send", id: "long", roomId: room.id, clientMsgId: "z", body: "가".repeat(4001) });
    expect(await device.waitFor((f) => f.type === "error" && f.ref === "long")).toMatchObject({
      code: "validation_failed",
    });
    raw({ type: "send", id: "room", roomId: "../../etc", clientMsgId: "z", body: "x" });
    expect(await device.waitFor((f) => f.type === "error" && f.ref === "room")).toMatchObject({
      code: "validation_failed",
    });
    expect(await device.send(room.id, "가".repeat(4000))).toMatchObject({ type: "ack" });
    device.close();
  });
});

/**
 * Posts `count` messages over REST, then waits until the recipient's inbox shows the room's
 * newest seq: fanout is asynchronous, and these tests need it finished.
 */
async function postAndAwaitFanout(
  senderToken: string,
  recipientToken: string,
  roomId: string,
  prefix: string,
  count: number,
): Promise<void> {
  let lastSeq = 0;
  for (let i = 0; i < count; i++) {
    const sent = await call<{ seq: number }>("POST", `/api/rooms/${roomId}/messages`, {
      token: senderToken,
      body: { clientMsgId: `${prefix}${i}`, body: `${prefix} ${i}` },
    });
    lastSeq = sent.body.seq;
  }
  await until(
    async () => {
      const inbox = await call<{ rooms: InboxEntry[] }>("GET", "/api/rooms", {
        token: recipientToken,
      });
      return inbox.body.rooms.find((r) => r.id === roomId)?.lastSeq === lastSeq;
    },
    { timeout: 4_000, interval: 50, what: `the fanout of ${prefix}` },
  );
}
