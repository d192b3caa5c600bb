/**
 * The SDK with a room open on its own socket: messages arrive straight from the room, once
 * and in order; the session's references move the cursor; a live copy that never arrived
 * is paged from history.
 */
import { describe, expect, it } from "vitest";
import type { ServerFrame } from "../../src/protocol";
import { Device } from "./device";
import { createGroup, signUp } from "./helpers";
import { hookedSockets, isRoomSocket, type SocketHooks, sdkDevice, until } from "./sdk";

/** Opens sockets through the worker; incoming frames for which `drop` says so vanish. */
const _droppingSockets = (drop: (frame: ServerFrame) => boolean) =>
  hookedSockets({ incoming: drop });

describe("the SDK with a room open", () => {
  it("sends on the room's socket while it is open, and on the session's otherwise", {
    timeout: 20_000,
  }, async () => {
    const { bob, room, device, sent, openRoom } = await sender("routes");
    const receiver = await Device.connect(bob);
    const seqs = [(await device.client.send(room.id, "one")).seq];
    await openRoom();
    seqs.push((await device.client.send(room.id, "two")).seq);
    device.client.closeRoom(room.id);
    seqs.push((await device.client.send(room.id, "three")).seq);
    expect(sent.map((s) => [s.onRoom, s.body])).toEqual([
      [false, "one"],
      [true, "two"],
      [false, "three"],
    ]);
    await receiver.waitForTexts(room.id, 3);
    expect(receiver.texts(room.id)).toEqual([
      [seqs[0], "one"],
      [seqs[1], "two"],
      [seqs[2], "three"],
    ]);
    await device.client.stop();
    receiver.close();
  });

  it("sends again at once on the session's socket when the room's drops before the answer", {
    timeout: 20_000,
  }, async () => {
    let roomOpens = 0;
    let lostAt = 0;
    // The room's socket opens once. It takes the send, but the network loses it, with the
    // answer, before the answer arrives: the room has stored the message.
    const { bob, room, device, sent, openRoom } = await sender("fallback", {
      open: (url) => !isRoomSocket(url) || ++roomOpens === 1,
      incoming: (frame, url, ws) => {
        if (frame.type !== "ack" || !isRoomSocket(url)) return false;
        lostAt = Date.now();
        ws.close(4000, "network lost");
        return true;
      },
    });
    const receiver = await Device.connect(bob);
    await openRoom();
    const result = await device.client.send(room.id, "resent");
    expect(sent.map((s) => s.onRoom)).toEqual([true, false]);
    // At once, not after the pause for a refusal (a second): it keeps its place.
    expect((sent[1]?.at ?? 0) - lostAt).toBeLessThan(500);
    expect(result).toMatchObject({ roomId: room.id, duplicate: true });
    await receiver.waitForTexts(room.id, 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.texts(room.id)).toEqual([[result.seq, "resent"]]);
    expect(device.events.filter((e) => e.type === "sent")).toHaveLength(1);
    expect(device.client.pending()).toEqual([]);
    await device.client.stop();
    receiver.close();
  });

  it("sends on the session's socket once a room's socket refuses sends (an older server)", {
    timeout: 20_000,
  }, async () => {
    const { room, device, sent, openRoom } = await sender("older", {
      // As a server whose room sockets only receive: `send` is a frame it does not know.
      outgoing: (frame, url) =>
        frame.type === "send" && isRoomSocket(url)
          ? JSON.stringify({ ...frame, type: "post" })
          : false,
    });
    await openRoom();
    const first = await device.client.send(room.id, "first");
    const second = await device.client.send(room.id, "second");
    expect(second.seq).toBe(first.seq + 1);
    // One refusal taught it: the second message went straight to the session.
    expect(sent.map((s) => s.onRoom)).toEqual([true, false, false]);
    await device.client.stop();
  });
});

/**
 * Alice's SDK client, online, in a group with bob; `sent` lists its send frames as they
 * leave (on the room's socket or not), and `hooks` see its sockets after that.
 */
async function sender(title: string, hooks: SocketHooks = {}) {
  const [alice, bob] = await Promise.all([signUp(), signUp()]);
  const room = (await createGroup(alice.accessToken, title, [bob.user.id])).body;
  const sent: { onRoom: boolean; body: unknown; at: number }[] = [];
  let roomOpen = false;
  const device = sdkDevice(alice, {
    openSocket: hookedSockets({
      ...hooks,
      incoming: (frame, url, ws) => {
        if (frame.type === "room_open") roomOpen = true;
        return hooks.incoming?.(frame, url, ws) ?? false;
      },
      outgoing: (frame, url, ws) => {
        if (frame.type === "send") {
          sent.push({ onRoom: isRoomSocket(url), body: frame.body, at: Date.now() });
        }
        return hooks.outgoing?.(frame, url, ws) ?? false;
      },
    }),
  });
  await until(device.isOnline, 4_000, "alice online");
  const openRoom = async () => {
    device.client.openRoom(room.id);
    await until(() => roomOpen, 4_000, "the room socket");
  };
  return { bob, room, device, sent, openRoom };
}
