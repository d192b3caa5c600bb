/**
 * Presence and typing against the clock, with the project's short settings
 * (heartbeat 1 s, timeout 1.5 s, watch lease 1 s, typing 600 ms): a silent socket is closed
 * and its user goes offline, a pinging one stays, a lapsed lease stops updates, and typing
 * ends by itself after its typer's socket drops.
 */
import { describe, expect, it } from "vitest";
import type { InboxEntry, RoomDetails } from "../../src/protocol";
import { Device, presenceOf, watch } from "../worker/device";
import { call, createDirect, createGroup, signUp } from "../worker/helpers";
import { sdkDevice, until } from "../worker/sdk";

describe("heartbeats", () => {
  it("close a silent socket with 4003 and mark its user offline; a pinging one stays", async () => {
    const [alice, bob, carol] = await Promise.all([signUp(), signUp(), signUp()]);
    const withBob = (await createDirect(alice.accessToken, bob.user.id)).body.id;
    const withCarol = (await createDirect(alice.accessToken, carol.user.id)).body.id;
    const viewer = sdkDevice(alice); // pings, so it renews its own liveness
    await until(() => viewer.isOnline(), 5_000, "viewer online");
    await viewer.client.watch(withBob);
    await viewer.client.watch(withCarol);

    const silent = await Device.connect(bob); // never pings
    const pinging = sdkDevice(carol);
    await until(() => pinging.isOnline(), 5_000, "carol online");
    const closed = await silent.closed;
    expect(closed.code).toBe(4003);
    await until(
      () =>
        viewer.events.some(
          (e) =>
            e.type === "presence" && e.users.some((u) => u.userId === bob.user.id && !u.online),
        ),
      5_000,
      "bob offline",
    );
    // Well past the timeout, Carol is still online and her client never reconnected.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(pinging.isOnline()).toBe(true);
    const carolStates = viewer.events.flatMap((e) =>
      e.type === "presence" ? e.users.filter((u) => u.userId === carol.user.id) : [],
    );
    // Offline (from watch answers before she connected), then online ever since: renewals
    // restate it every half lease.
    const states = carolStates.map((u) => u.online);
    const cameOnline = states.indexOf(true);
    expect(cameOnline).toBeGreaterThan(-1);
    expect(states.slice(cameOnline).every(Boolean)).toBe(true);
    expect(states.length - cameOnline).toBeGreaterThan(2);
    await Promise.all([viewer.client.stop(), pinging.client.stop()]);
  });
});

describe("watch leases", () => {
  it("stop updates once lapsed, and a renewed watch restates presence", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const dm = (await createDirect(alice.accessToken, bob.user.id)).body.id;
    const viewer = await Device.connect(alice);
    const beats = setInterval(() => viewer.ws.send("ping"), 500); // stay connected
    expect(await watch(viewer, dm)).toMatchObject({ type: "watching", leaseMs: 1_000 });
    const first = await Device.connect(bob);
    await viewer.waitFor(() => presenceOf(viewer, bob.user.id).length === 1);
    first.close();
    await viewer.waitFor(() => presenceOf(viewer, bob.user.id).length === 2);

    await new Promise((r) => setTimeout(r, 1_200)); // the lease lapses
    const second = await Device.connect(bob);
    await new Promise((r) => setTimeout(r, 300));
    expect(presenceOf(viewer, bob.user.id)).toHaveLength(2);

    const renewed = await watch(viewer, dm);
    expect(renewed).toMatchObject({
      type: "watching",
      presence: [{ userId: bob.user.id, online: true, lastSeenAt: null }],
    });
    second.close();
    await viewer.waitFor(() => presenceOf(viewer, bob.user.id).length === 3);
    clearInterval(beats);
    viewer.close();
  });
});

describe("typing", () => {
  it("ends by itself after its expiry when the typer's socket drops", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const dm = (await createDirect(alice.accessToken, bob.user.id)).body.id;
    const viewer = sdkDevice(alice);
    await until(() => viewer.isOnline(), 5_000, "viewer online");
    await viewer.client.watch(dm);
    const typer = await Device.connect(bob);
    typer.ws.send(JSON.stringify({ type: "typing", roomId: dm }));
    const typing = () =>
      viewer.events.flatMap((e) => (e.type === "typing" ? [[e.userId, e.active]] : []));
    await until(() => typing().length === 1, 5_000, "typing shown");
    const shownAt = Date.now();
    typer.ws.close(1000, "gone"); // no "stop" is ever sent
    await until(() => typing().length === 2, 5_000, "typing gone");
    expect(Date.now() - shownAt).toBeGreaterThanOrEqual(400);
    expect(typing()).toEqual([
      [bob.user.id, true],
      [bob.user.id, false],
    ]);
    await viewer.client.stop();
  });
});

describe("delivered marks", () => {
  it("go to at most RECEIPT_ROOMS_PER_CURSOR direct rooms per cursor, the most recent", async () => {
    const [bob, ...senders] = await Promise.all([signUp(), signUp(), signUp(), signUp()]);
    const rooms: string[] = [];
    const inbox = async () =>
      (await call<{ rooms: InboxEntry[] }>("GET", "/api/rooms", { token: bob.accessToken })).body
        .rooms;
    for (const sender of senders) {
      const dm = (await createDirect(sender.accessToken, bob.user.id)).body.id;
      await call("POST", `/api/rooms/${dm}/messages`, {
        token: sender.accessToken,
        body: { clientMsgId: "c1", body: "hi bob" },
      });
      rooms.push(dm);
      // Each room's events reach bob's log before the next room's, so "most recent" is the
      // order the rooms were made in (fanout takes a timer turn between batches).
      await until(
        async () => (await inbox()).find((r) => r.id === dm)?.lastSeq === 2,
        5_000,
        "fanout",
      );
    }
    const device = await Device.connect(bob, 0);
    await device.waitFor((f) => f.type === "resync");
    device.ws.send(JSON.stringify({ type: "cursor", cursor: device.resync?.cursor ?? 0 }));
    const received = async (roomId: string, token: string) =>
      (await call<RoomDetails>("GET", `/api/rooms/${roomId}`, { token })).body.members.find(
        (m) => m.userId === bob.user.id,
      )?.receivedSeq;
    const [first, second, third] = rooms;
    const [s1, s2, s3] = senders;
    await until(
      async () => (await received(third ?? "", s3?.accessToken ?? "")) === 2,
      5_000,
      "the newest room marked",
    );
    expect(await received(second ?? "", s2?.accessToken ?? "")).toBe(2);
    expect(await received(first ?? "", s1?.accessToken ?? "")).toBe(0);
    device.close();
  });
});

describe("typing that goes on", () => {
  it("is repeated at the welcome's interval, so watchers see one unbroken signal", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const dm = (await createDirect(alice.accessToken, bob.user.id)).body.id;
    const probe = await Device.connect(bob);
    // max(TYPING_THROTTLE_MS 100, TYPING_TTL_MS 600 / 3)
    expect(probe.welcome?.typingIntervalMs).toBe(200);
    probe.close();
    const viewer = sdkDevice(alice);
    const typer = sdkDevice(bob);
    await until(() => viewer.isOnline() && typer.isOnline(), 5_000, "online");
    await viewer.client.watch(dm);
    const typing = () => viewer.events.flatMap((e) => (e.type === "typing" ? [e.active] : []));
    const keys = setInterval(() => typer.client.typing(dm), 50); // a keystroke every 50 ms
    await new Promise((r) => setTimeout(r, 1_500)); // 2.5 times the typing lifetime
    clearInterval(keys);
    expect(typing()).toEqual([true]);
    await until(() => typing().length === 2, 5_000, "typing to end after the keys stop");
    expect(typing()).toEqual([true, false]);
    await Promise.all([viewer.client.stop(), typer.client.stop()]);
  });
});

describe("read state delivered one message per batch", () => {
  it("ends with the right badge when reads run ahead of delivery, and after a rejoin", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const roomId = (await createGroup(alice.accessToken, "batches", [bob.user.id])).body.id;
    const phone = await Device.connect(bob);
    const send = (body: string) =>
      call<{ seq: number }>("POST", `/api/rooms/${roomId}/messages`, {
        token: alice.accessToken,
        body: { clientMsgId: crypto.randomUUID(), body },
      });
    let last = 0;
    for (let i = 0; i < 5; i++) last = (await send(`m${i}`)).body.seq;
    // Bob reads everything at once, over REST, while the batches are still on their way.
    await call("POST", `/api/rooms/${roomId}/read`, {
      token: bob.accessToken,
      body: { seq: last },
    });
    await phone.waitFor(() => phone.reads(roomId).some((r) => r.readSeq === last));
    const reads = phone.reads(roomId);
    expect(reads.at(-1)).toMatchObject({ readSeq: last, unreadCount: 0 });
    // Never a badge above what was unread, and the watermark only rises.
    for (let i = 1; i < reads.length; i++) {
      expect(reads[i]?.readSeq).toBeGreaterThan(reads[i - 1]?.readSeq ?? 0);
    }
    const entry = async () =>
      (await call<{ rooms: InboxEntry[] }>("GET", "/api/rooms", { token: bob.accessToken })).body
        .rooms[0];
    expect(await entry()).toMatchObject({ readSeq: last, unreadCount: 0 });

    // Bob leaves, misses a message, is added back: only what came after counts.
    await call("DELETE", `/api/rooms/${roomId}/members/${bob.user.id}`, {
      token: bob.accessToken,
    });
    await send("while away");
    await call("POST", `/api/rooms/${roomId}/members`, {
      token: alice.accessToken,
      body: { userIds: [bob.user.id] },
    });
    const after = (await send("welcome back")).body.seq;
    await until(async () => (await entry())?.lastSeq === after, 5_000, "delivery after rejoin");
    expect(await entry()).toMatchObject({ membership: "member", unreadCount: 1 });
    expect(phone.texts(roomId).map(([, body]) => body)).not.toContain("while away");
    phone.close();
  });
});
