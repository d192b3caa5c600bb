/**
 * Push notifications end to end inside workerd: a message to a user whose device has no
 * socket goes through the session, the real local queue and its consumer, to the fake push
 * service (test/push/fake-push-service.ts), which checks the VAPID token and decrypts.
 * Where a test proves that something was NOT pushed, a later message that is pushed is the
 * proof: pushes of one room and device go out in seq order, so the first push received
 * names the first message that was pushed.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sessionStub } from "../../src/durable/stubs";
import type { PushKey } from "../../src/protocol";
import { Device } from "./device";
import { call, createDirect, createGroup, postMessage, signUp } from "./helpers";
import { pushesOf, received, script, subscribeDevice } from "./push-helpers";
import { until } from "./until";

const T = 15_000;

async function pair() {
  const [alice, bob] = await Promise.all([signUp(), signUp()]);
  const subscription = await subscribeDevice(bob.accessToken);
  const room = (await createDirect(alice.accessToken, bob.user.id)).body;
  return { alice, bob, subscription, room };
}

describe("a push to a device with no socket", () => {
  it(
    "arrives once, encrypted to it, signed with the server's key, with the room's headers",
    async () => {
      const { alice, bob, subscription, room } = await pair();
      const aliceSubscription = await subscribeDevice(alice.accessToken);
      const sent = await postMessage(alice.accessToken, room.id, "hello bob");
      const [push] = await pushesOf(subscription, 1);
      expect(push?.payload).toEqual({
        v: 1,
        roomId: room.id,
        seq: sent.body.seq,
        title: alice.user.displayName,
        body: "hello bob",
        tag: `room:${room.id}`,
        url: `/rooms/${encodeURIComponent(room.id)}`,
        unread: 1,
        badge: 1,
        close: [],
        at: sent.body.createdAt,
      });
      const key = await call<PushKey>("GET", "/api/push/key", { token: bob.accessToken });
      expect(push?.vapidKey).toBe(key.body.publicKey);
      expect(push?.subject).toBe("mailto:admin@example.com");
      expect(push?.exp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 24 * 3600);
      expect(push?.ttl).toBe("86400");
      expect(push?.urgency).toBe("high");
      expect(push?.topic).toMatch(/^[A-Za-z0-9_-]{32}$/);
      // The sender's own message pushes nothing to her.
      expect((await received(aliceSubscription)).pushes).toEqual([]);
      // And nothing more arrives for bob: one push for one message.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect((await received(subscription)).pushes).toHaveLength(1);
    },
    T,
  );

  it(
    "is not sent to a device with a socket open, nor for a muted room, nor on do-not-disturb",
    async () => {
      const { alice, bob, subscription, room } = await pair();
      const token = bob.accessToken;
      const device = await Device.connect(bob);
      await postMessage(alice.accessToken, room.id, "while connected");
      await device.waitFor((f) => f.type === "message" && f.message.kind === "text");
      device.close();
      await until(async () => (await sessionStub(env, bob.user.id).socketCount()) === 0);

      await call("PUT", `/api/rooms/${encodeURIComponent(room.id)}/mute`, {
        token,
        body: { muted: true },
      });
      await postMessage(alice.accessToken, room.id, "while muted");
      await call("PUT", `/api/rooms/${encodeURIComponent(room.id)}/mute`, {
        token,
        body: { muted: false },
      });
      const until1h = Date.now() + 3_600_000;
      await call("PUT", "/api/me/notifications", { token, body: { doNotDisturbUntil: until1h } });
      await postMessage(alice.accessToken, room.id, "while do-not-disturb");
      await call("PUT", "/api/me/notifications", { token, body: { doNotDisturbUntil: null } });
      const last = await postMessage(alice.accessToken, room.id, "now");
      const [push] = await pushesOf(subscription, 1);
      expect(push?.payload).toMatchObject({ seq: last.body.seq, body: "now", unread: 4 });
    },
    T,
  );

  it(
    "reaches every subscribed device of the user from one job",
    async () => {
      const { alice, bob, subscription, room } = await pair();
      const laptop = (
        await call<{ accessToken: string }>("POST", "/api/auth/signin", {
          body: { username: bob.user.username, password: "correct horse battery" },
        })
      ).body;
      const other = await subscribeDevice(laptop.accessToken);
      await postMessage(alice.accessToken, room.id, "to both");
      const [a] = await pushesOf(subscription, 1);
      const [b] = await pushesOf(other, 1);
      expect([a?.payload.body, b?.payload.body]).toEqual(["to both", "to both"]);
    },
    T,
  );

  it(
    "in a group: the group's title, the sender's name, and being added",
    async () => {
      const [alice, bob] = await Promise.all([signUp(), signUp()]);
      const subscription = await subscribeDevice(bob.accessToken);
      const group = (await createGroup(alice.accessToken, "Team", [bob.user.id])).body;
      const [added] = await pushesOf(subscription, 1);
      expect(added?.payload).toMatchObject({
        title: "Team",
        body: `${alice.user.displayName} added you`,
      });
      await postMessage(alice.accessToken, group.id, "are we still on?");
      const [, message] = await pushesOf(subscription, 2);
      expect(message?.payload).toMatchObject({
        title: "Team",
        body: `${alice.user.displayName}: are we still on?`,
      });
    },
    T,
  );

  it(
    "shows no text with previews off, and is cut to PUSH_PREVIEW_CHARS",
    async () => {
      const { alice, bob, subscription, room } = await pair();
      const long = "x".repeat(200);
      await postMessage(alice.accessToken, room.id, long);
      const [cut] = await pushesOf(subscription, 1);
      expect(cut?.payload.body).toBe(`${"x".repeat(139)}…`);
      await call("PUT", "/api/me/notifications", {
        token: bob.accessToken,
        body: { previews: false },
      });
      await postMessage(alice.accessToken, room.id, "secret");
      const [, hidden] = await pushesOf(subscription, 2);
      expect(hidden?.payload).toMatchObject({ body: "2 new messages", unread: 2 });
    },
    T,
  );

  it(
    "closes a room's notification once it is read, with the next push",
    async () => {
      const { alice, bob, subscription, room } = await pair();
      await postMessage(alice.accessToken, room.id, "first room");
      await pushesOf(subscription, 1);
      const read = await call("POST", `/api/rooms/${encodeURIComponent(room.id)}/read`, {
        token: bob.accessToken,
        body: { seq: 1_000 },
      });
      expect(read.status).toBe(200);
      const carol = await signUp();
      const other = (await createDirect(carol.accessToken, bob.user.id)).body;
      await postMessage(carol.accessToken, other.id, "second room");
      const [, second] = await pushesOf(subscription, 2);
      expect(second?.payload).toMatchObject({ roomId: other.id, close: [room.id], badge: 1 });
      // Closed once: the next push does not ask again.
      await postMessage(carol.accessToken, other.id, "again");
      const [, , third] = await pushesOf(subscription, 3);
      expect(third?.payload.close).toEqual([]);
      // A room pushed and still unread is not closed.
      await postMessage(alice.accessToken, room.id, "first room again");
      const [, , , fourth] = await pushesOf(subscription, 4);
      expect(fourth?.payload).toMatchObject({ roomId: room.id, close: [] });
    },
    T,
  );

  it(
    "is retried after the push service's Retry-After, through the queue",
    async () => {
      const { alice, subscription, room } = await pair();
      await script(subscription, [{ status: 429, retryAfter: "1" }]);
      await postMessage(alice.accessToken, room.id, "busy service");
      const [push] = await pushesOf(subscription, 1, 12_000);
      expect((await received(subscription)).refused).toBe(1);
      expect(push?.payload.body).toBe("busy service");
      // The retry waited the second the service asked for.
      const [refusedAt = Number.POSITIVE_INFINITY] = (await received(subscription)).refusedAt;
      expect(push?.at).toBeGreaterThanOrEqual(refusedAt + 1_000);
    },
    T,
  );

  it("stops for a device that signs out: its subscription goes with it", async () => {
    const { bob } = await pair();
    const session = sessionStub(env, bob.user.id);
    expect((await session.pushSubscription(bob.deviceId)).subscribed).toBe(true);
    expect((await call("POST", "/api/auth/signout", { token: bob.accessToken })).status).toBe(204);
    expect(await session.pushSubscription(bob.deviceId)).toEqual({
      subscribed: false,
      endpoint: null,
    });
  });

  it("keeps a member with a subscribed device and no socket out of the quiet ones", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const room = { id: `grp:${crypto.randomUUID()}`, kind: "group" as const, title: "t" };
    const message = (seq: number) => ({
      roomId: room.id,
      seq,
      kind: "text" as const,
      senderId: alice.user.id,
      clientMsgId: crypto.randomUUID(),
      body: "hi",
      createdAt: Date.now(),
    });
    const deliver = (seq: number) =>
      sessionStub(env, bob.user.id).deliver(bob.user.id, room, JSON.stringify([message(seq)]), {
        readSeq: 0,
        upTo: seq,
        unreadCount: seq,
      });
    // No device waits: quiet, as decision 0005 has it.
    expect(await deliver(1)).toEqual({ quiet: true });
    await subscribeDevice(bob.accessToken);
    // A device only a push reaches is waiting.
    expect(await deliver(2)).toEqual({ quiet: false });
    const device = await Device.connect(bob);
    expect(await deliver(3)).toEqual({ quiet: false }); // connected, room not open live
    device.close();
  });
});
