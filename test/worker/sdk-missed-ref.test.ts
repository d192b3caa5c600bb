/**
 * The SDK and a message its room socket never handed over: when the session names it in a
 * `message_ref` (the device had the room open), the SDK pages it from history even when no
 * socket of that room ever said what the room is (one closed as it opened, say); the web's
 * inbox lost such a message before.
 */
import { describe, expect, it } from "vitest";
import { createDirect, signUp } from "./helpers";
import { hookedSockets, isRoomSocket, sdkDevice, until } from "./sdk";

describe("a message named only by reference", () => {
  it("is paged from history when the room's socket never opened on this side", {
    timeout: 20_000,
  }, async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const room = (await createDirect(alice.accessToken, bob.user.id)).body;
    // Bob's room socket is open at the server, but nothing it sends reaches the SDK: not the
    // room's description, nor the message.
    let roomFrames = 0;
    const device = sdkDevice(bob, {
      openTimeoutMs: 30_000,
      openSocket: hookedSockets({
        incoming: (_frame, url) => {
          if (!isRoomSocket(url)) return false;
          roomFrames += 1;
          return true;
        },
      }),
    });
    await until(device.isOnline, 5_000, "bob online");
    device.client.openRoom(room.id);
    await until(() => roomFrames > 0, 5_000, "the room socket open at the server");
    const sender = sdkDevice(alice);
    await until(sender.isOnline, 5_000, "alice online");
    const sent = await sender.client.send(room.id, "are you coming?");
    await until(
      () => device.received.some((m) => m.seq === sent.seq),
      10_000,
      "the referenced message paged",
    );
    expect(device.received.find((m) => m.seq === sent.seq)).toMatchObject({
      body: "are you coming?",
      senderId: alice.user.id,
    });
    expect(device.events).toContainEqual(
      expect.objectContaining({ type: "message", room: expect.objectContaining({ id: room.id }) }),
    );
    await Promise.all([device.client.stop(), sender.client.stop()]);
  });
});
