/**
 * A signed-out device, or one whose refresh token was reused, loses every socket at once:
 * its session sockets and its room sockets (4001), and nothing more it sends is taken, over
 * a socket whose close was lost or over HTTP with an access token that has not expired. A
 * close that does not get through is retried by the minute sweep.
 */
import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { revokeDevice } from "../../src/auth/devices";
import type { AckFrame, ErrorFrame, RoomOpenFrame } from "../../src/protocol";
import worker, { CRONS } from "../../src/worker";
import { Device } from "./device";
import {
  ageRotation,
  call,
  errorCode,
  groupOfThree,
  opened,
  PASSWORD,
  signIn,
  type TestSocket,
} from "./helpers";

let refs = 0;
/** Sends on a room socket; resolves with the answer carrying the frame's ref. */
async function sendOn(socket: TestSocket, roomId: string, body: string) {
  const ref = `rs${++refs}`;
  socket.ws.send(
    JSON.stringify({ type: "send", id: ref, roomId, clientMsgId: crypto.randomUUID(), body }),
  );
  for (;;) {
    const frame = await socket.next();
    if ((frame.type === "ack" || frame.type === "error") && frame.ref === ref) {
      return frame as AckFrame | ErrorFrame;
    }
  }
}

async function roomSocket(token: string, roomId: string): Promise<TestSocket> {
  const socket = await opened(token, roomId);
  expect(((await socket.next()) as RoomOpenFrame).type).toBe("room_open");
  return socket;
}

async function runMinuteSweep(): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: CRONS.closes }), env, ctx);
  await waitOnExecutionContext(ctx);
}

describe("a revoked device", () => {
  it("loses its room sockets and its session socket on sign-out; the user's other device keeps its own", async () => {
    const { alice, room } = await groupOfThree();
    const phone = (await signIn(alice.user.username, PASSWORD)).body;
    const session = await Device.connect(alice);
    const laptopRoom = await roomSocket(alice.accessToken, room.id);
    const phoneRoom = await roomSocket(phone.accessToken, room.id);
    expect((await call("POST", "/api/auth/signout", { token: alice.accessToken })).status).toBe(
      204,
    );
    expect(await laptopRoom.closed).toMatchObject({ code: 4001 });
    expect(await session.closed).toMatchObject({ code: 4001 });
    expect(await sendOn(phoneRoom, room.id, "still here")).toMatchObject({ type: "ack" });
    phoneRoom.ws.close();
  });

  it("loses its room sockets when reuse of its refresh token revokes it", async () => {
    const { bob, room } = await groupOfThree();
    const live = await roomSocket(bob.accessToken, room.id);
    await call("POST", "/api/auth/refresh", { body: { refreshToken: bob.refreshToken } });
    await ageRotation(env.DB, bob.refreshToken, 60_000); // past the grace window
    const reuse = await call("POST", "/api/auth/refresh", {
      body: { refreshToken: bob.refreshToken },
    });
    expect(errorCode(reuse)).toBe("refresh_token_reused");
    expect(await live.closed).toMatchObject({ code: 4001 });
  });

  it("is closed by the minute sweep when the close did not get through", async () => {
    const { carol, room } = await groupOfThree();
    const session = await Device.connect(carol);
    const live = await roomSocket(carol.accessToken, room.id);
    // Revoked in D1, and the worker went away before any close was sent.
    await revokeDevice(env.DB, carol.deviceId, "signed_out", Date.now());
    expect(await sendOn(live, room.id, "before the sweep")).toMatchObject({ type: "ack" });
    await runMinuteSweep();
    expect(await live.closed).toMatchObject({ code: 4001 });
    expect(await session.closed).toMatchObject({ code: 4001 });
    const device = await env.DB.prepare("SELECT sockets_closed_at FROM devices WHERE id = ?")
      .bind(carol.deviceId)
      .first<{ sockets_closed_at: number | null }>();
    expect(device?.sockets_closed_at).toBeTypeOf("number");
    const rooms = await env.DB.prepare("SELECT room_id FROM device_rooms WHERE device_id = ?")
      .bind(carol.deviceId)
      .all();
    expect(rooms.results).toEqual([]);
  });

  it("is refused by a room whose close was lost, from the room's next report to the session", async () => {
    const { bob, room } = await groupOfThree();
    const live = await roomSocket(bob.accessToken, room.id);
    // The session heard of the sign-out; the room did not.
    const session = env.USER_SESSION.get(env.USER_SESSION.idFromName(bob.user.id));
    await session.closeDevice(bob.deviceId, "signed out");
    // Taken before the room hears of it (its report to the session comes after the commit).
    expect(await sendOn(live, room.id, "one")).toMatchObject({ type: "ack" });
    expect(await live.closed).toMatchObject({ code: 4001 });
  });

  it("is refused over HTTP by its session at once, though its access token has not expired", async () => {
    const { alice, room } = await groupOfThree();
    expect((await call("POST", "/api/auth/signout", { token: alice.accessToken })).status).toBe(
      204,
    );
    const token = alice.accessToken;
    const sent = await call("POST", `/api/rooms/${room.id}/messages`, {
      token,
      body: { clientMsgId: "x", body: "after sign-out" },
    });
    const history = await call("GET", `/api/rooms/${room.id}/messages`, { token });
    const ticket = await call("POST", "/api/socket/ticket", { token });
    for (const result of [sent, history, ticket]) {
      expect(result.status).toBe(401);
      expect(errorCode(result)).toBe("session_revoked");
    }
  });
});
