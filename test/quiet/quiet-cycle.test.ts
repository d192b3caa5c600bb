/**
 * Waits on the fanout's clocks, under the short windows of the `quiet` test project
 * (vitest.config.ts): a member whose every device has the room open gets their session's
 * batch at their moment of the quiet cycle, and the SDK on a room socket still gets every
 * message once. The same tests under the default 5 s cycle spent most of their time waiting.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { MemoryCursorStore } from "../../src/client";
import type { AckFrame, ServerFrame } from "../../src/protocol";
import { quietPhase } from "../../src/room/fanout";
import { settingsFor } from "../../src/settings";
import { Device } from "../worker/device";
import {
  call,
  createGroup,
  groupOfThree,
  opened,
  PASSWORD,
  signIn,
  signUp,
} from "../worker/helpers";
import { hookedSockets, sdkDevice, until } from "../worker/sdk";

const SETTINGS = settingsFor(env);

/** Opens sockets through the worker; incoming frames for which `drop` says so vanish. */
const droppingSockets = (drop: (frame: ServerFrame) => boolean) =>
  hookedSockets({ incoming: drop });

const inboxSeq = async (token: string, roomId: string) => {
  const inbox = await call<{ rooms: { id: string; lastSeq: number }[] }>("GET", "/api/rooms", {
    token,
  });
  return inbox.body.rooms.find((r) => r.id === roomId)?.lastSeq ?? 0;
};

describe("the quiet cycle, on short windows", () => {
  it("runs on windows shorter than the defaults", () => {
    expect(SETTINGS.FANOUT_QUIET_DELAY_MS).toBeLessThan(5_000);
    expect(SETTINGS.FANOUT_LIVE_DELAY_MS).toBeLessThan(1_000);
  });

  it("gets each message once, in order, from the room, and its cursor still covers them", {
    timeout: 20_000,
  }, async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const room = (await createGroup(alice.accessToken, "open", [bob.user.id])).body;
    const frames: ServerFrame[] = [];
    const cursors = new MemoryCursorStore();
    const device = sdkDevice(bob, {
      cursorStore: cursors,
      openSocket: droppingSockets((frame) => {
        frames.push(frame);
        return false;
      }),
    });
    await until(device.isOnline, 4_000, "bob online");
    device.client.openRoom(room.id);
    await until(() => frames.some((f) => f.type === "room_open"), 4_000, "the room socket");
    const sender = await Device.connect(alice);
    const acks: AckFrame[] = [];
    for (let i = 0; i < 6; i++) acks.push((await sender.send(room.id, `n${i}`)) as AckFrame);
    const texts = () => device.received.filter((m) => m.roomId === room.id && m.kind === "text");
    await until(() => texts().length >= 6, 4_000, "six messages");
    expect(texts().map((m) => [m.seq, m.body])).toEqual(acks.map((a, i) => [a.seq, `n${i}`]));
    // They came live, and the session sent references, not the messages again.
    const last = acks.at(-1)?.seq ?? 0;
    // Every device of bob's has the room open: the session's batch waits for the quiet window.
    await until(
      () => frames.some((f) => f.type === "message_ref" && f.seq === last),
      SETTINGS.FANOUT_QUIET_DELAY_MS + 4_000,
      "the session's references",
    );
    expect(frames.filter((f) => f.type === "live" && f.message.kind === "text")).toHaveLength(6);
    expect(frames.some((f) => f.type === "message" && f.message.kind === "text")).toBe(false);
    // The cursor moved over the references: a new connection from it replays nothing.
    await until(
      async () =>
        (await cursors.load()) >= (frames.findLast((f) => f.type === "message_ref")?.useq ?? 1),
      2_000,
      "the cursor",
    );
    await device.client.stop();
    const again = await Device.connect(bob, await cursors.load());
    expect(again.messages).toEqual([]);
    expect(again.resync).toBeUndefined();
    expect(texts()).toHaveLength(6);
    again.close();
    sender.close();
  });

  it("pages a message from history when its live copy never arrived", {
    timeout: 20_000,
  }, async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const room = (await createGroup(alice.accessToken, "lossy", [bob.user.id])).body;
    let opened = false;
    const device = sdkDevice(bob, {
      openSocket: droppingSockets((frame) => {
        if (frame.type === "room_open") opened = true;
        return frame.type === "live" && frame.message.body === "lost";
      }),
    });
    await until(device.isOnline, 4_000, "bob online");
    device.client.openRoom(room.id);
    await until(() => opened, 4_000, "the room socket");
    const sender = await Device.connect(alice);
    const acks: AckFrame[] = [];
    for (const body of ["before", "lost", "after"]) {
      acks.push((await sender.send(room.id, body)) as AckFrame);
    }
    const texts = () => device.received.filter((m) => m.roomId === room.id && m.kind === "text");
    // "after" waits for the gap; the reference to "lost" makes the client page it. That
    // reference comes with the session's batch, after the quiet window (bob's only device
    // has the room open): a live frame lost on an open socket is the rare case it serves.
    await until(
      () => texts().length >= 3,
      SETTINGS.FANOUT_QUIET_DELAY_MS + 4_000,
      "all three messages",
    );
    expect(texts().map((m) => [m.seq, m.body])).toEqual([
      [acks[0]?.seq, "before"],
      [acks[1]?.seq, "lost"],
      [acks[2]?.seq, "after"],
    ]);
    await device.client.stop();
    sender.close();
  });

  it("has its session left until its moment of the quiet cycle, or until one of its room sockets closes", {
    timeout: 20_000,
  }, async () => {
    const { alice, bob, room } = await groupOfThree();
    const laptopAuth = (await signIn(bob.user.username, PASSWORD)).body;
    // Both of bob's devices are connected, and both have the room open.
    const phone = await Device.connect(bob);
    const laptop = await Device.connect(laptopAuth);
    const phoneRoom = await opened(bob.accessToken, room.id);
    const laptopRoom = await opened(laptopAuth.accessToken, room.id);
    for (const socket of [phoneRoom, laptopRoom]) await socket.next(); // room_open
    const sender = await Device.connect(alice);
    // Bob's first batch goes just past his moment of the cycle, so the next is a cycle away.
    const cycle = SETTINGS.FANOUT_QUIET_DELAY_MS;
    const phase = quietPhase(bob.user.id, cycle);
    await new Promise((r) => setTimeout(r, (phase + 100 - (Date.now() % cycle) + cycle) % cycle));
    const first = (await sender.send(room.id, "one")) as AckFrame;
    const nextMoment = Date.now() - (Date.now() % cycle) + phase + cycle;
    await until(
      async () => (await inboxSeq(bob.accessToken, room.id)) === first.seq,
      3_000,
      "the first batch",
    );
    const second = (await sender.send(room.id, "two")) as AckFrame;
    for (const socket of [phoneRoom, laptopRoom]) {
      expect(await socket.next()).toMatchObject({ type: "live", message: { seq: first.seq } });
      expect(await socket.next()).toMatchObject({ type: "live", message: { seq: second.seq } });
    }
    // Two live windows on, the session still waits for bob's moment.
    await new Promise((r) => setTimeout(r, 2 * SETTINGS.FANOUT_LIVE_DELAY_MS));
    expect(await inboxSeq(bob.accessToken, room.id)).toBe(first.seq);
    // The laptop leaves the room's screen but stays connected: it needs the session again.
    laptopRoom.ws.close();
    await laptop.waitFor((f) => f.type === "message" && f.message.seq === second.seq);
    expect(Date.now()).toBeLessThan(nextMoment);
    for (const d of [phone, laptop, sender]) d.close();
    phoneRoom.ws.close();
  });
});
