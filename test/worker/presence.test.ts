/**
 * Presence, typing and receipts over real sockets: only viewers holding a watch lease hear
 * of changes, hidden presence reads as offline, and a busy group causes no storm.
 * Timing (heartbeat timeout, lease expiry, typing expiry) is in test/timing/.
 */
import {
  abortAllDurableObjects,
  env,
  evictDurableObject,
  runDurableObjectAlarm,
  runInDurableObject,
} from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ChatRoom } from "../../src/durable/chat-room";
import { SESSION_HEADERS } from "../../src/durable/session-headers";
import type {
  AuthResult,
  PresenceFrame,
  RoomDetails,
  ServerFrame,
  WatchingFrame,
} from "../../src/protocol";
import { Device, presenceOf, watch } from "./device";
import { call, createDirect, createGroup, errorCode, insertUsers, signUp } from "./helpers";
import { sdkDevice, until } from "./sdk";

async function hide(auth: AuthResult, hidden: boolean) {
  const result = await call<{ hidden: boolean }>("PUT", "/api/me/presence", {
    token: auth.accessToken,
    body: { hidden },
  });
  expect(result.body).toEqual({ hidden });
}

describe("presence", () => {
  it("tells the user whether they hide it, as last set (GET /api/me/presence)", async () => {
    const alice = await signUp();
    const read = async () =>
      (await call<{ hidden: boolean }>("GET", "/api/me/presence", { token: alice.accessToken }))
        .body;
    expect(await read()).toEqual({ hidden: false });
    await hide(alice, true);
    expect(await read()).toEqual({ hidden: true });
    await hide(alice, false);
    expect(await read()).toEqual({ hidden: false });
  });

  it("goes online and offline with sockets, only to watchers, and hides on request", async () => {
    const [alice, bob, carol] = await Promise.all([signUp(), signUp(), signUp()]);
    const dm = (await createDirect(alice.accessToken, bob.user.id)).body.id;
    await createDirect(carol.accessToken, bob.user.id); // Carol knows Bob but does not watch.
    const viewer = await Device.connect(alice);
    const bystander = await Device.connect(carol);

    const answer = (await watch(viewer, dm)) as WatchingFrame;
    expect(answer).toMatchObject({ type: "watching", roomId: dm, leaseMs: 60_000 });
    expect(answer.presence).toEqual([{ userId: bob.user.id, online: false, lastSeenAt: null }]);

    const phone = await Device.connect(bob);
    await viewer.waitFor(() => presenceOf(viewer, bob.user.id).length === 1);
    expect(presenceOf(viewer, bob.user.id)).toEqual([
      { userId: bob.user.id, online: true, lastSeenAt: null },
    ]);
    // A second device changes nothing: Bob is already online.
    const laptop = await Device.connect(bob);
    laptop.close();
    phone.close();
    await viewer.waitFor(() => presenceOf(viewer, bob.user.id).length === 2);
    const offline = presenceOf(viewer, bob.user.id)[1];
    expect(offline).toMatchObject({ userId: bob.user.id, online: false });
    expect(offline?.lastSeenAt).toEqual(expect.any(Number));

    // Hidden: last seen disappears, coming online shows nothing, unhiding shows online.
    await hide(bob, true);
    await viewer.waitFor(() => presenceOf(viewer, bob.user.id).length === 3);
    const back = await Device.connect(bob);
    await hide(bob, false);
    await viewer.waitFor(() => presenceOf(viewer, bob.user.id).length === 4);
    expect(presenceOf(viewer, bob.user.id).slice(2)).toEqual([
      { userId: bob.user.id, online: false, lastSeenAt: null },
      { userId: bob.user.id, online: true, lastSeenAt: null },
    ]);
    // A watch answer reflects hiding too (from another socket: one socket may not renew
    // again this soon).
    await hide(bob, true);
    const other = await Device.connect(alice);
    const again = (await watch(other, dm)) as WatchingFrame;
    expect(again.presence).toEqual([{ userId: bob.user.id, online: false, lastSeenAt: null }]);
    other.close();

    expect(presenceOf(bystander, bob.user.id)).toEqual([]);
    for (const d of [viewer, bystander, back]) d.close();
  });

  it("goes offline when the session's sockets vanish with an evicted or aborted instance", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const dm = (await createDirect(alice.accessToken, bob.user.id)).body.id;
    const viewer = await Device.connect(alice);
    await watch(viewer, dm);
    const stub = () => env.USER_SESSION.get(env.USER_SESSION.idFromName(bob.user.id));
    for (const [round, fault] of [
      [1, () => evictDurableObject(stub(), { webSockets: "close" })],
      [2, () => abortAllDurableObjects()],
    ] as const) {
      const phone = await Device.connect(bob);
      await viewer.waitFor(() => presenceOf(viewer, bob.user.id).length === 2 * round - 1);
      if (round === 2) viewer.close(); // the abort takes the viewer's own session down too
      await fault().catch(() => {});
      // No webSocketClose ran for the vanished socket; the heartbeat sweep notices, before
      // anyone asks (a watch would recompute presence by itself).
      expect(await runDurableObjectAlarm(stub())).toBe(true);
      const online = await runInDurableObject(stub(), (_i, state) =>
        state.storage.sql.exec("SELECT online FROM presence").one(),
      );
      expect(online).toEqual({ online: 0 });
      if (round === 1) {
        await viewer.waitFor(() => presenceOf(viewer, bob.user.id).length === 2);
        expect(presenceOf(viewer, bob.user.id)[1]).toMatchObject({ online: false });
      }
      phone.close();
    }
  });

  it("goes offline with a last-seen time when the user's only device signs out", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const dm = (await createDirect(alice.accessToken, bob.user.id)).body.id;
    const viewer = await Device.connect(alice);
    await watch(viewer, dm);
    const phone = await Device.connect(bob);
    await viewer.waitFor(() => presenceOf(viewer, bob.user.id).length === 1);
    const out = await call("POST", "/api/auth/signout", { token: bob.accessToken });
    expect(out.status).toBe(204);
    expect((await phone.closed).code).toBe(4001);
    await viewer.waitFor(() => presenceOf(viewer, bob.user.id).length === 2);
    expect(presenceOf(viewer, bob.user.id)[1]).toMatchObject({
      online: false,
      lastSeenAt: expect.any(Number),
    });
    viewer.close();
  });

  it("refuses a watch of a room the viewer is not in, like a missing room", async () => {
    const [alice, bob, mallory] = await Promise.all([signUp(), signUp(), signUp()]);
    const dm = (await createDirect(alice.accessToken, bob.user.id)).body.id;
    const device = await Device.connect(mallory);
    expect(await watch(device, dm)).toMatchObject({ type: "error", code: "not_found" });
    expect(await watch(device, "grp:does-not-exist")).toMatchObject({
      type: "error",
      code: "not_found",
    });
    const bad = await call("PUT", "/api/me/presence", {
      token: mallory.accessToken,
      body: { hidden: "yes" },
    });
    expect([bad.status, errorCode(bad)]).toEqual([400, "validation_failed"]);
    device.close();
  });

  it("refuses every typing frame in a room the typer is not in, with the frame's ref, throttle or not", async () => {
    const [alice, bob, mallory] = await Promise.all([signUp(), signUp(), signUp()]);
    const dm = (await createDirect(alice.accessToken, bob.user.id)).body.id;
    const device = await Device.connect(mallory);
    for (const id of ["t1", "t2", "t3"]) {
      device.ws.send(JSON.stringify({ type: "typing", id, roomId: dm }));
      expect(await device.waitFor((f) => f.type === "error" && f.ref === id)).toMatchObject({
        code: "not_found",
      });
    }
    device.close();
  });

  it("in a 100-member group with 50 online, a change reaches only the subscribed viewers", async () => {
    const owner = await signUp();
    const others = await insertUsers(env.DB, 99);
    const group = await createGroup(owner.accessToken, "big", others);
    expect(group.body.members).toHaveLength(100);
    // 49 members online besides the owner, each on a socket of their own session.
    const online = await Promise.all(others.slice(0, 49).map((id) => sessionSocket(id)));
    const watchers = online.slice(0, 5);
    for (const w of watchers) {
      w.send({ type: "watch", id: "w", roomId: group.body.id });
      await until(() => w.frames.some((f) => f.type === "watching"), 5_000, "watching");
    }
    const target = others[60] ?? "";
    const before = online.map((s) => s.presenceAbout(target).length);
    expect(before.every((n) => n === 0)).toBe(true);

    const targetSocket = await sessionSocket(target);
    const seen = (n: number) => () => watchers.every((w) => w.presenceAbout(target).length === n);
    await until(seen(1), 5_000, "the target online at every watcher");
    targetSocket.close();
    await until(seen(2), 5_000, "the target offline at every watcher");
    await new Promise((r) => setTimeout(r, 200)); // let any stray frame land
    const counts = online.map((s) => s.presenceAbout(target).length);
    expect(counts.slice(0, 5)).toEqual([2, 2, 2, 2, 2]);
    expect(counts.slice(5).reduce((a, b) => a + b, 0)).toBe(0);
    for (const s of online) s.close();
  });
});

describe("typing and receipts through the SDK", () => {
  it("reach watchers, stop on a message, and name who read what", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const roomId = (await createGroup(alice.accessToken, "live", [bob.user.id])).body.id;
    const a = sdkDevice(alice);
    const b = sdkDevice(bob);
    await until(() => a.isOnline() && b.isOnline(), 5_000, "clients online");
    const watching = await a.client.watch(roomId);
    expect(watching?.presence).toEqual([{ userId: bob.user.id, online: true, lastSeenAt: null }]);

    const typingOf = (events: typeof a.events) =>
      events.flatMap((e) => (e.type === "typing" && e.roomId === roomId ? [e.active] : []));
    b.client.typing(roomId);
    b.client.typing(roomId); // throttled by the client: no second signal
    await until(() => typingOf(a.events).length === 1, 5_000, "typing on");
    const sent = await b.client.send(roomId, "done typing");
    await until(() => typingOf(a.events).length === 2, 5_000, "typing off with the message");
    expect(typingOf(a.events)).toEqual([true, false]);
    expect(typingOf(b.events)).toEqual([]); // Bob does not watch, and never hears himself

    // Alice's own read goes to Bob only once he watches; Bob's read reaches Alice.
    a.client.markRead(roomId, sent.seq);
    await until(
      () => a.events.some((e) => e.type === "read" && e.readSeq === sent.seq),
      5_000,
      "alice's read",
    );
    b.client.markRead(roomId, sent.seq); // Bob's own message: already read, nothing moves
    await b.client.watch(roomId);
    await a.client.send(roomId, "from alice");
    await until(() => b.received.some((m) => m.body === "from alice"), 5_000, "bob gets it");
    const last = b.received.at(-1)?.seq ?? 0;
    b.client.markRead(roomId, last);
    await until(
      () => a.events.some((e) => e.type === "receipt" && e.readSeq === last),
      5_000,
      "alice sees bob's receipt",
    );
    expect(a.events.flatMap((e) => (e.type === "receipt" ? [[e.userId, e.readSeq]] : []))).toEqual([
      [bob.user.id, last],
    ]);
    expect(b.events.filter((e) => e.type === "receipt")).toEqual([]);
    await Promise.all([a.client.stop(), b.client.stop()]);
  });
});

/** A socket on a user's session object directly, as the worker opens it after the ticket. */
async function sessionSocket(userId: string) {
  const stub = env.USER_SESSION.get(env.USER_SESSION.idFromName(userId));
  const response = await stub.fetch("http://session/", {
    headers: {
      Upgrade: "websocket",
      [SESSION_HEADERS.user]: userId,
      [SESSION_HEADERS.device]: crypto.randomUUID(),
    },
  });
  const ws = response.webSocket;
  if (!ws) throw new Error(`no socket: ${response.status}`);
  ws.accept();
  const frames: ServerFrame[] = [];
  ws.addEventListener("message", (event) => {
    const text = String(event.data);
    if (text !== "pong") frames.push(JSON.parse(text) as ServerFrame);
  });
  return {
    send: (frame: object) => ws.send(JSON.stringify(frame)),
    close: () => ws.close(1000, "done"),
    presenceAbout: (id: string) =>
      frames
        .filter((f): f is PresenceFrame => f.type === "presence")
        .flatMap((f) => f.users.filter((u) => u.userId === id)),
    frames,
  };
}

describe("delivered marks in direct rooms", () => {
  it("move when a device of the recipient has the message, before it is read", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const dm = (await createDirect(alice.accessToken, bob.user.id)).body.id;
    const group = (await createGroup(alice.accessToken, "g", [bob.user.id])).body.id;
    const a = sdkDevice(alice);
    await until(() => a.isOnline(), 5_000, "alice online");
    await a.client.watch(dm);
    await a.client.watch(group);
    const receiptsFrom = (roomId: string) =>
      a.events.flatMap((e) =>
        e.type === "receipt" && e.roomId === roomId ? [[e.readSeq, e.receivedSeq]] : [],
      );

    // Bob is offline: nothing is delivered to a device yet.
    const sent = await a.client.send(dm, "are you there?");
    const inGroup = await a.client.send(group, "and here?");
    const details = async (roomId: string) =>
      (await call<RoomDetails>("GET", `/api/rooms/${roomId}`, { token: alice.accessToken })).body
        .members;
    const bobIn = async (roomId: string) =>
      (await details(roomId)).find((m) => m.userId === bob.user.id);
    expect(await bobIn(dm)).toMatchObject({ readSeq: 0, receivedSeq: 0 });

    const b = sdkDevice(bob);
    await until(
      () => b.received.some((m) => m.seq === sent.seq && m.roomId === dm),
      5_000,
      "bob has it",
    );
    await until(() => receiptsFrom(dm).length === 1, 5_000, "alice sees delivered");
    expect(receiptsFrom(dm)).toEqual([[0, sent.seq]]);
    expect(await bobIn(dm)).toMatchObject({ readSeq: 0, receivedSeq: sent.seq });

    b.client.markRead(dm, sent.seq);
    await until(() => receiptsFrom(dm).length === 2, 5_000, "alice sees read");
    expect(receiptsFrom(dm)[1]).toEqual([sent.seq, sent.seq]);

    // Groups show read counts, not per-device delivery: no delivered mark there.
    await until(
      () => b.received.some((m) => m.seq === inGroup.seq && m.roomId === group),
      5_000,
      "group message",
    );
    await new Promise((r) => setTimeout(r, 400)); // the cursor goes out within 250 ms
    expect(receiptsFrom(group)).toEqual([]);
    expect((await bobIn(group))?.receivedSeq).toBe(0);
    await Promise.all([a.client.stop(), b.client.stop()]);
  });
});

describe("signal limits", () => {
  it("let a socket renew a watch at most four times a lease; a new socket may watch at once", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const dm = (await createDirect(alice.accessToken, bob.user.id)).body.id;
    const first = await Device.connect(alice);
    expect(await watch(first, dm)).toMatchObject({ type: "watching" });
    expect(await watch(first, dm)).toMatchObject({ type: "error", code: "rate_limited" });
    const second = await Device.connect(alice);
    expect(await watch(second, dm)).toMatchObject({ type: "watching" });
    first.close();
    second.close();
  });

  it("refuse read, watch and typing frames past SIGNAL_BURST with rate_limited", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const roomId = (await createGroup(alice.accessToken, "burst", [bob.user.id])).body.id;
    const device = await Device.connect(alice);
    for (let i = 0; i < 55; i++) {
      device.ws.send(JSON.stringify({ type: "read", id: `r${i}`, roomId, seq: 1 }));
    }
    const limited = () =>
      device.frames.flatMap((f) =>
        f.type === "error" && f.code === "rate_limited" ? [f.ref] : [],
      );
    await device.waitFor(() => limited().length >= 4);
    await new Promise((r) => setTimeout(r, 100));
    const refs = limited().map((ref) => Number(ref?.slice(1)));
    // The burst is 50; a token or so may refill while the frames arrive.
    expect(refs.length).toBeGreaterThanOrEqual(4);
    expect(refs.length).toBeLessThanOrEqual(5);
    expect(Math.min(...refs)).toBeGreaterThanOrEqual(50);
    device.close();
  });

  it("relay at most two typing signals per throttle interval however a client alternates", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const dm = (await createDirect(alice.accessToken, bob.user.id)).body.id;
    const viewer = await Device.connect(alice);
    await watch(viewer, dm);
    const typer = await Device.connect(bob);
    for (let i = 0; i < 30; i++) {
      typer.ws.send(JSON.stringify({ type: "typing", roomId: dm, active: i % 2 === 0 }));
    }
    await viewer.waitFor(() => viewer.frames.some((f) => f.type === "typing" && !f.active));
    await new Promise((r) => setTimeout(r, 200));
    expect(viewer.frames.flatMap((f) => (f.type === "typing" ? [f.active] : []))).toEqual([
      true,
      false,
    ]);
    viewer.close();
    typer.close();
  });
});

describe("the SDK's watch", () => {
  it("retries a failed renewal, stops on not_found, and resumes after stop and start", async () => {
    const [alice, bob, mallory] = await Promise.all([signUp(), signUp(), signUp()]);
    const dm = (await createDirect(alice.accessToken, bob.user.id)).body.id;
    const roomStub = env.CHAT_ROOM.get(env.CHAT_ROOM.idFromName(dm));
    // The room's next watch fails, as a stuck or restarting object would.
    await runInDurableObject(roomStub, (instance: ChatRoom) => {
      const original = instance.watch.bind(instance);
      const faulty = Object.create(Object.getPrototypeOf(instance)) as { watch: typeof original };
      let failures = 1;
      faulty.watch = async (actor) => {
        if (failures-- > 0) throw new Error("injected watch failure");
        return original(actor);
      };
      Object.setPrototypeOf(instance, faulty);
    });
    const a = sdkDevice(alice);
    await until(() => a.isOnline(), 5_000, "alice online");
    const presenceEvents = () => a.events.filter((e) => e.type === "presence").length;
    expect(await a.client.watch(dm)).toBeNull();
    await until(() => presenceEvents() === 1, 5_000, "the retried watch");

    await a.client.stop();
    a.client.start();
    await until(() => presenceEvents() === 2, 5_000, "the watch resumed after a restart");

    const m = sdkDevice(mallory);
    await until(() => m.isOnline(), 5_000, "mallory online");
    expect(await m.client.watch(dm)).toBeNull();
    await new Promise((r) => setTimeout(r, 1_200)); // past the first retry delay
    expect(m.events.filter((e) => e.type === "presence")).toEqual([]);
    await Promise.all([a.client.stop(), m.client.stop()]);
  }, 15_000);
});
