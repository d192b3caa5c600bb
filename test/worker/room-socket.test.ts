/**
 * Room sockets: a device that has a room open gets its messages straight from the ChatRoom
 * object, and its session sends only a reference for them. Real sockets through the worker.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type {
  AckFrame,
  LiveFrame,
  MessageFrame,
  MessageRefFrame,
  RoomOpenFrame,
} from "../../src/protocol";
import { DEFAULT_SETTINGS } from "../../src/settings";
import { Device } from "./device";
import {
  call,
  errorCode,
  groupOfThree,
  opened,
  openRoom,
  PASSWORD,
  signIn,
  signUp,
  type TestSocket,
  ticketFor,
  upgrade,
} from "./helpers";

describe("room sockets", () => {
  it("send each new message live, in seq order, and the session only a reference to that device", async () => {
    const { alice, bob, room } = await groupOfThree();
    // Bob has two devices: the first has the room open, the second only its session.
    const bobSecond = await signIn(bob.user.username, PASSWORD);
    const [open1, plain] = [await Device.connect(bob), await Device.connect(bobSecond.body)];
    const live = await opened(bob.accessToken, room.id);
    const first = (await live.next()) as RoomOpenFrame;
    expect(first).toMatchObject({
      type: "room_open",
      room: { id: room.id, kind: "group", title: "live" },
      lastSeq: room.lastSeq,
      heartbeatIntervalMs: DEFAULT_SETTINGS.HEARTBEAT_INTERVAL_MS,
    });
    const sender = await Device.connect(alice);
    const acks: AckFrame[] = [];
    for (let i = 0; i < 5; i++) acks.push((await sender.send(room.id, `m${i}`)) as AckFrame);
    const got: LiveFrame[] = [];
    for (let i = 0; i < 5; i++) got.push((await live.next()) as LiveFrame);
    expect(got.map((f) => [f.type, f.message.seq, f.message.body])).toEqual(
      acks.map((a, i) => ["live", a.seq, `m${i}`]),
    );
    // The session logs them all; the device with the room open gets references only, one
    // for each run of messages a batch brought.
    const lastSeq = acks.at(-1)?.seq ?? 0;
    await open1.waitFor((f) => f.type === "message_ref" && f.seq === lastSeq);
    const refs = open1.frames.filter(
      (f): f is MessageRefFrame => f.type === "message_ref" && f.roomId === room.id,
    );
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.length).toBeLessThanOrEqual(acks.length);
    expect(refs.map((r) => r.seq)).toEqual([...refs.map((r) => r.seq)].sort((a, b) => a - b));
    expect(open1.texts(room.id)).toEqual([]);
    // The useq numbers are the log's: each reference names the useq the other device got
    // with the message of that seq.
    await plain.waitFor((f) => f.type === "message" && f.message.seq === lastSeq);
    expect(plain.texts(room.id)).toEqual(acks.map((a, i) => [a.seq, `m${i}`]));
    const useqOfSeq = new Map(plain.messages.map((m: MessageFrame) => [m.message.seq, m.useq]));
    expect(refs.map((r) => r.useq)).toEqual(refs.map((r) => useqOfSeq.get(r.seq)));
    // And the inbox is current once the session has them.
    const inbox = await call<{ rooms: { id: string; lastSeq: number }[] }>("GET", "/api/rooms", {
      token: bob.accessToken,
    });
    expect(inbox.body.rooms.find((r) => r.id === room.id)?.lastSeq).toBe(lastSeq);
    for (const d of [open1, plain, sender]) d.close();
    live.ws.close();
  });

  it("reach every socket open at the time of each message, opened or closed since the last", async () => {
    const { alice, bob, carol, room } = await groupOfThree();
    const sender = await Device.connect(alice);
    const bobRoom = await opened(bob.accessToken, room.id);
    await bobRoom.next(); // room_open
    const one = (await sender.send(room.id, "one")) as AckFrame;
    expect(await bobRoom.next()).toMatchObject({ type: "live", message: { seq: one.seq } });
    const carolRoom = await opened(carol.accessToken, room.id);
    await carolRoom.next();
    const two = (await sender.send(room.id, "two")) as AckFrame;
    for (const socket of [bobRoom, carolRoom]) {
      expect(await socket.next()).toMatchObject({ type: "live", message: { seq: two.seq } });
    }
    bobRoom.ws.close();
    await new Promise((r) => setTimeout(r, 50));
    const three = (await sender.send(room.id, "three")) as AckFrame;
    expect(await carolRoom.next()).toMatchObject({ type: "live", message: { seq: three.seq } });
    sender.close();
    carolRoom.ws.close();
  });

  it("answer pings without a frame of their own", async () => {
    const { bob, room } = await groupOfThree();
    const live = await opened(bob.accessToken, room.id);
    await live.next(); // room_open
    live.ws.send("ping");
    expect(await live.nextText()).toBe("pong");
    live.ws.close();
  });

  it("are refused to non-members exactly as for a room that does not exist", async () => {
    const { room } = await groupOfThree();
    const stranger = await signUp();
    const notMember = await openRoom(stranger.accessToken, room.id);
    const missing = await openRoom(stranger.accessToken, "g:00000000-0000-4000-8000-000000000000");
    expect(notMember.status).toBe(404);
    expect(missing.status).toBe(404);
    // A malformed id is refused before the ticket is spent on it.
    const { ticket } = await ticketFor(stranger.accessToken);
    expect((await upgrade(`/api/socket/rooms/${"x".repeat(300)}?ticket=${ticket}`)).status).toBe(
      404,
    );
    const spent = await upgrade(`/api/socket/rooms/${room.id}?ticket=${ticket}`);
    expect(spent.status).toBe(404); // the ticket was still good; the stranger still no member
    // The upgrade checks run first, as on the session socket.
    const { ticket: other } = await ticketFor(stranger.accessToken);
    const noOrigin = await upgrade(`/api/socket/rooms/${room.id}?ticket=${other}`, {
      Origin: "https://evil.example",
    });
    expect(noOrigin.status).toBe(403);
    const noTicket = await call("GET", `/api/socket/rooms/${room.id}`, {
      headers: { Upgrade: "websocket" },
    });
    expect(errorCode(noTicket)).toBe("unauthorized");
  });

  it("close when the member is removed, after telling them", async () => {
    const { alice, carol, room } = await groupOfThree();
    const live = await opened(carol.accessToken, room.id);
    await live.next(); // room_open
    const removed = await call("DELETE", `/api/rooms/${room.id}/members/${carol.user.id}`, {
      token: alice.accessToken,
    });
    expect(removed.status).toBeLessThan(300);
    const last = (await live.next()) as LiveFrame;
    expect(last.message.system).toMatchObject({ type: "removed", userId: carol.user.id });
    expect((await live.closed).code).toBe(4004);
    expect((await openRoom(carol.accessToken, room.id)).status).toBe(404);
  });

  it(`keep at most MAX_SOCKETS_PER_USER (${DEFAULT_SETTINGS.MAX_SOCKETS_PER_USER}) per user: the oldest goes`, async () => {
    const { bob, room } = await groupOfThree();
    const sockets: TestSocket[] = [];
    for (let i = 0; i < DEFAULT_SETTINGS.MAX_SOCKETS_PER_USER; i++) {
      const socket = await opened(bob.accessToken, room.id);
      await socket.next();
      sockets.push(socket);
    }
    const extra = await opened(bob.accessToken, room.id);
    await extra.next();
    expect((await sockets[0]?.closed)?.code).toBe(4002);
    // The rest are still open: a message reaches the newest and the second oldest.
    const alice = await Device.connect((await signIn(bob.user.username, PASSWORD)).body);
    const ack = (await alice.send(room.id, "still here")) as AckFrame;
    for (const socket of [sockets[1], extra] as TestSocket[]) {
      expect(((await socket.next()) as LiveFrame).message.seq).toBe(ack.seq);
    }
    for (const socket of [...sockets, extra]) socket.ws.close();
    alice.close();
  });
});

describe("a member whose every device has the room open (quiet)", () => {
  const _inboxSeq = async (token: string, roomId: string) => {
    const inbox = await call<{ rooms: { id: string; lastSeq: number }[] }>("GET", "/api/rooms", {
      token,
    });
    return inbox.body.rooms.find((r) => r.id === roomId)?.lastSeq ?? 0;
  };

  it("is told so by the session, which knows which of its devices got the batch live", async () => {
    const alice = await signUp();
    const device = await Device.connect(alice);
    const welcome = device.frames.find((f) => f.type === "welcome");
    const deviceId = welcome?.type === "welcome" ? welcome.deviceId : "";
    const stub = env.USER_SESSION.get(env.USER_SESSION.idFromName(alice.user.id));
    const summary = { id: "grp:quiet", kind: "group" as const, title: "q" };
    const message = (seq: number) =>
      JSON.stringify([
        {
          roomId: summary.id,
          seq,
          kind: "text",
          senderId: "x",
          clientMsgId: `q${seq}`,
          body: "b",
          createdAt: seq,
        },
      ]);
    const receipt = (upTo: number) => ({ readSeq: 0, upTo, unreadCount: upTo });
    expect(
      await stub.deliver(alice.user.id, summary, message(1), receipt(1), { [deviceId]: 0 }),
    ).toEqual({
      quiet: true,
    });
    expect(await stub.deliver(alice.user.id, summary, message(2), receipt(2), {})).toEqual({
      quiet: false,
    });
    expect(
      await stub.deliver(alice.user.id, summary, message(3), receipt(3), { other: 0 }),
    ).toEqual({
      quiet: false,
    });
    device.close();
  });
});
