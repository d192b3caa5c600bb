/**
 * Sends on a room socket: a device with the room open sends there, and the room stores,
 * rate-limits and answers the send itself, with no hop through the sender's session. Real
 * sockets through the worker.
 */
import { describe, expect, it } from "vitest";
import type { AckFrame, ErrorFrame, ServerFrame } from "../../src/protocol";
import { DEFAULT_SETTINGS } from "../../src/settings";
import { Device } from "./device";
import { call, createGroup, groupOfThree, opened, type TestSocket } from "./helpers";

/** Sends `frame` and reads until the answer with its `id`: that answer and what came before. */
async function ask(
  socket: TestSocket,
  frame: Record<string, unknown> & { id: string },
): Promise<{ answer: ServerFrame; before: ServerFrame[] }> {
  socket.ws.send(JSON.stringify(frame));
  const before: ServerFrame[] = [];
  for (;;) {
    const next = await socket.next();
    if ("ref" in next && next.ref === frame.id) return { answer: next, before };
    before.push(next);
  }
}

const send = (id: string, roomId: string, clientMsgId: string, body: string) => ({
  type: "send",
  id,
  roomId,
  clientMsgId,
  body,
});

describe("sends on a room socket", () => {
  it("are stored once, acked with their ref after the live frame, and reach every session", async () => {
    const { bob, carol, room } = await groupOfThree();
    const bobSession = await Device.connect(bob);
    const carolSession = await Device.connect(carol);
    const live = await opened(bob.accessToken, room.id);
    await live.next(); // room_open
    const first = await ask(live, send("a1", room.id, "cm-1", "from the room socket"));
    const ack = first.answer as AckFrame;
    expect(ack).toMatchObject({
      type: "ack",
      ref: "a1",
      roomId: room.id,
      clientMsgId: "cm-1",
      seq: room.lastSeq + 1,
      duplicate: false,
    });
    // The sender's socket hears its own message like everyone's, before the answer.
    expect(first.before).toEqual([
      expect.objectContaining({
        type: "live",
        message: expect.objectContaining({ seq: ack.seq, senderId: bob.user.id }),
      }),
    ]);
    // The same clientMsgId again: the first seq, and nothing broadcast or stored twice.
    const again = await ask(live, send("a2", room.id, "cm-1", "from the room socket"));
    expect(again.answer).toMatchObject({ type: "ack", ref: "a2", seq: ack.seq, duplicate: true });
    expect(again.before).toEqual([]);
    // Every member's session logs it: carol gets it whole, bob's device (which had it live)
    // a reference.
    await carolSession.waitFor((f) => f.type === "message" && f.message.seq === ack.seq);
    expect(carolSession.texts(room.id)).toEqual([[ack.seq, "from the room socket"]]);
    await bobSession.waitFor((f) => f.type === "message_ref" && f.seq === ack.seq);
    const history = await call<{ messages: { seq: number; body: string }[] }>(
      "GET",
      `/api/rooms/${room.id}/messages`,
      { token: carol.accessToken },
    );
    expect(history.body.messages.filter((m) => m.body === "from the room socket")).toHaveLength(1);
    for (const d of [bobSession, carolSession]) d.close();
    live.ws.close();
  });

  it("refuse every other frame, another room, bad input, and close on a frame too large", async () => {
    const { alice, bob, room } = await groupOfThree();
    const other = (await createGroup(alice.accessToken, "other", [bob.user.id])).body;
    const live = await opened(bob.accessToken, room.id);
    await live.next(); // room_open
    const refused = async (frame: Record<string, unknown> & { id: string }) =>
      (await ask(live, frame)).answer as ErrorFrame;
    expect(await refused({ type: "read", id: "r1", roomId: room.id, seq: 1 })).toMatchObject({
      type: "error",
      ref: "r1",
      code: "unknown_frame",
    });
    expect(await refused({ type: "hello", id: "h1" })).toMatchObject({ code: "unknown_frame" });
    expect(await refused(send("o1", other.id, "cm-o", "elsewhere"))).toMatchObject({
      ref: "o1",
      code: "bad_request",
    });
    expect(await refused(send("e1", room.id, "cm-e", ""))).toMatchObject({
      ref: "e1",
      code: "validation_failed",
    });
    live.ws.send("{not json");
    expect(await live.next()).toMatchObject({ type: "error", code: "invalid_json" });
    // Nothing of these was stored, in either room.
    const stored = await call<{ rooms: { id: string; lastSeq: number }[] }>("GET", "/api/rooms", {
      token: bob.accessToken,
    });
    const lastSeq = (id: string) => stored.body.rooms.find((r) => r.id === id)?.lastSeq;
    expect(lastSeq(room.id)).toBe(room.lastSeq);
    expect(lastSeq(other.id)).toBe(other.lastSeq);
    // One byte over MAX_FRAME_BYTES: refused before parsing, and the socket closes.
    live.ws.send("x".repeat(DEFAULT_SETTINGS.MAX_FRAME_BYTES + 1));
    expect(await live.next()).toMatchObject({ type: "error", code: "payload_too_large" });
    expect((await live.closed).code).toBe(1009);
  });

  it(`take SEND_BURST (${DEFAULT_SETTINGS.SEND_BURST}) at once per member, then rate_limited`, async () => {
    const { bob, carol, room } = await groupOfThree();
    const bobRoom = await opened(bob.accessToken, room.id);
    const carolRoom = await opened(carol.accessToken, room.id);
    for (const socket of [bobRoom, carolRoom]) await socket.next(); // room_open
    const burst = DEFAULT_SETTINGS.SEND_BURST;
    const extra = 4;
    for (let i = 0; i < burst + extra; i++) {
      bobRoom.ws.send(JSON.stringify(send(`b${i}`, room.id, `burst-${i}`, `burst ${i}`)));
    }
    const answers = new Map<string, ServerFrame>();
    while (answers.size < burst + extra) {
      const frame = await bobRoom.next();
      if (frame.type === "ack" || frame.type === "error") answers.set(frame.ref ?? "", frame);
    }
    const inOrder = Array.from({ length: burst + extra }, (_, i) => answers.get(`b${i}`));
    // The first SEND_BURST pass whatever the clock; of the rest, at most a token or two
    // refilled while they were stored.
    expect(inOrder.slice(0, burst).every((f) => f?.type === "ack")).toBe(true);
    const limited = inOrder.filter((f) => f?.type === "error" && f.code === "rate_limited");
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(limited.length).toBeLessThanOrEqual(extra);
    expect((limited[0] as ErrorFrame).message).toMatch(/retry in \d+ ms/);
    // The bucket is bob's: carol, in the same room, sends at once.
    const carols = await ask(carolRoom, send("c1", room.id, "carol-1", "mine"));
    expect(carols.answer).toMatchObject({ type: "ack", ref: "c1" });
    for (const socket of [bobRoom, carolRoom]) socket.ws.close();
  });
});
