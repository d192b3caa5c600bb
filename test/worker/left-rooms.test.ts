/**
 * A room the user can no longer read (they left it, or were removed) is not a connection
 * failure: a device shows it as left and stops asking, instead of reconnecting for good.
 * And a catch-up that fails for a passing reason backs off like a failed connect.
 */
import { describe, expect, it } from "vitest";
import type { AuthResult, InboxEntry, RoomDetails } from "../../src/protocol";
import { call, createGroup, signIn, signUp } from "./helpers";
import { type Request, sdkDevice, until } from "./sdk";

async function membership(token: string, roomId: string): Promise<string | undefined> {
  const inbox = await call<{ rooms: InboxEntry[] }>("GET", "/api/rooms", { token });
  return inbox.body.rooms.find((r) => r.id === roomId)?.membership;
}

/** Alice's group with one message, and Bob removed from it (his inbox knows). */
async function removedFromGroup(): Promise<{
  alice: AuthResult;
  bob: AuthResult;
  room: RoomDetails;
}> {
  const alice = await signUp();
  const bob = await signUp();
  const room = (await createGroup(alice.accessToken, "was here", [bob.user.id])).body;
  await call("POST", `/api/rooms/${room.id}/messages`, {
    token: alice.accessToken,
    body: { clientMsgId: "m1", body: "hello" },
  });
  await call("DELETE", `/api/rooms/${room.id}/members/${bob.user.id}`, {
    token: alice.accessToken,
  });
  await until(
    async () => (await membership(bob.accessToken, room.id)) === "left",
    5_000,
    "bob's inbox to show the room as left",
  );
  return { alice, bob, room };
}

const statuses = (events: { type: string; status?: string }[]) =>
  events.flatMap((e) => (e.type === "status" ? [e.status] : []));
const tickets = (requests: Request[]) =>
  requests.filter((r) => r.path === "/api/socket/ticket").length;

describe("a room the user left", () => {
  it("does not make a new device reconnect: the room shows as left and is not asked", async () => {
    const { bob, room } = await removedFromGroup();
    // Bob on a fresh device: cursor 0, so the server answers resync with every room.
    const fresh = (await signIn(bob.user.username)).body;
    const requests: Request[] = [];
    const device = sdkDevice(fresh, {}, { requests });
    await until(() => statuses(device.events).includes("online"), 5_000, "online");
    await new Promise((r) => setTimeout(r, 500));

    expect(statuses(device.events)).toEqual(["connecting", "online"]);
    expect(device.events).toContainEqual({ type: "left", roomId: room.id });
    const history = requests.filter((r) => r.path.startsWith(`/api/rooms/${room.id}/messages`));
    expect(history).toEqual([]); // the resync says the room is left: nothing to page
    expect(tickets(requests)).toBe(1);
    await device.client.stop();
  });

  it("gives up the room's socket when the room refuses it, instead of trying again", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const room = (await createGroup(alice.accessToken, "was here", [bob.user.id])).body;
    const requests: Request[] = [];
    const device = sdkDevice(bob, {}, { requests });
    await until(() => device.received.length === 1, 5_000, "the room's first message");
    await call("DELETE", `/api/rooms/${room.id}/members/${bob.user.id}`, {
      token: alice.accessToken,
    });
    await until(() => device.received.length === 2, 5_000, "the removal");

    // The screen still shows the room (from before): its socket is refused with a 404.
    device.client.openRoom(room.id);
    await until(
      () => device.events.some((e) => e.type === "left" && e.roomId === room.id),
      5_000,
      "the room shown as left",
    );
    await new Promise((r) => setTimeout(r, 1_500)); // past the first retry's pause
    expect(tickets(requests)).toBe(2); // the session's, and the room's once
    expect(statuses(device.events)).toEqual(["connecting", "online"]);
    await device.client.stop();
  });
});

describe("a catch-up that keeps failing", () => {
  it("backs off between reconnects as a failed connect does", async () => {
    const { alice } = await removedFromGroup();
    const fresh = (await signIn(alice.user.username)).body;
    const requests: Request[] = [];
    // History answers 503 (an overloaded server): passing, so the resync is tried again.
    const device = sdkDevice(
      fresh,
      { backoffBaseMs: 10, backoffMaxMs: 400 },
      {
        requests,
        answer: (_, path) =>
          path.includes("/messages") ? Response.json({}, { status: 503 }) : undefined,
      },
    );
    await new Promise((r) => setTimeout(r, 1_500));
    await device.client.stop();
    // Doubling from 10 ms: about 10 + 20 + … + 400 + 400 ≈ 1.4 s for 8 tries, where a
    // fixed 10 ms pause would reconnect dozens of times.
    expect(tickets(requests)).toBeGreaterThan(2);
    expect(tickets(requests)).toBeLessThanOrEqual(10);
  });
});
