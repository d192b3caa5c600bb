import { describe, expect, it } from "vitest";
import { KeyedRateLimiter, RATE_KEYS_MAX, takeToken } from "../../src/limits/buckets";
import type { ChatMessage, LoggedFrame } from "../../src/protocol";
import { departed, liveFrom, overLimit, roomSocketCommand } from "../../src/room/live";
import { passTyping } from "../../src/session/signals";
import { forDevice, planCatchUp } from "../../src/session/sync";
import { textMessage } from "../worker/messages";

describe("catch-up plan for hello {cursor}", () => {
  it.each([
    [5, 5, 1, "current"],
    [0, 0, null, "current"],
    [0, 5, 1, "resync"], // a new device pages history
    [9, 5, 1, "resync"], // a cursor from the future
    [3, 5, 1, "replay"],
    [3, 5, 4, "replay"], // the log starts right after the cursor
    [2, 5, 4, "resync"], // event 3 was trimmed
    [2, 5, null, "resync"], // everything was trimmed
  ])("cursor %i, latest %i, oldest %s → %s", (cursor, latest, oldest, kind) => {
    expect(planCatchUp(cursor, latest, oldest).kind).toBe(kind);
  });
});

describe("send-rate token bucket", () => {
  it("allows exactly the burst at once, then refills at the rate", () => {
    let bucket = { tokens: 3, at: 0 };
    for (let i = 0; i < 3; i++) {
      const r = takeToken(bucket, 0, 2, 3);
      expect(r.allowed).toBe(true);
      bucket = r.bucket;
    }
    const refused = takeToken(bucket, 0, 2, 3);
    expect(refused).toMatchObject({ allowed: false, retryAfterMs: 500 });
    expect(takeToken(refused.bucket, 499, 2, 3).allowed).toBe(false);
    expect(takeToken(refused.bucket, 500, 2, 3).allowed).toBe(true);
    // never more than the burst, however long idle
    expect(takeToken({ tokens: 0, at: 0 }, 1_000_000, 2, 3).bucket.tokens).toBe(2);
  });
});

describe("a token bucket per key (a room's senders)", () => {
  const limits = () => ({ perSecond: 1, burst: 2 });

  it("keeps each key's bucket apart", () => {
    const limiter = new KeyedRateLimiter(limits);
    expect(limiter.take("a", 0).allowed).toBe(true);
    expect(limiter.take("a", 0).allowed).toBe(true);
    expect(limiter.take("a", 0)).toEqual({ allowed: false, retryAfterMs: 1_000 });
    expect(limiter.take("b", 0).allowed).toBe(true);
    expect(limiter.take("a", 1_000).allowed).toBe(true);
  });

  it("drops only refilled buckets past maxKeys, and every one if none has refilled", () => {
    const limiter = new KeyedRateLimiter(limits, 2);
    limiter.take("a", 0);
    for (const key of ["b", "b"]) limiter.take(key, 0);
    // At 1 s "a" has refilled and goes; "b" is kept with the one token it got back.
    limiter.take("c", 1_000);
    expect(limiter.take("b", 1_000).allowed).toBe(true);
    expect(limiter.take("b", 1_000).allowed).toBe(false);
    // None refilled: a third key clears them all, which only refills them.
    limiter.take("d", 1_000);
    expect(limiter.take("b", 1_000).allowed).toBe(true);
  });

  it(`keeps RATE_KEYS_MAX (${RATE_KEYS_MAX}) buckets in use, and not one more`, () => {
    const limiter = new KeyedRateLimiter(limits);
    for (const _ of [1, 2]) limiter.take("a", 0);
    for (let i = 1; i < RATE_KEYS_MAX; i++) limiter.take(`k${i}`, 0);
    expect(limiter.take("a", 0).allowed).toBe(false); // RATE_KEYS_MAX kept: "a" is still empty
    limiter.take("one more", 0);
    expect(limiter.take("a", 0).allowed).toBe(true);
  });
});

describe("passTyping", () => {
  it("relays a start once per throttle interval, at the edge included", () => {
    let gate = passTyping(undefined, true, 1_000, 2_000);
    expect(gate.relay).toBe(true);
    gate = passTyping(gate.gate, true, 2_999, 2_000);
    expect(gate.relay).toBe(false);
    gate = passTyping(gate.gate, true, 3_000, 2_000);
    expect(gate.relay).toBe(true);
  });

  it("relays a stop only after a relayed start, so alternating relays two per interval", () => {
    expect(passTyping(undefined, false, 0, 2_000).relay).toBe(false);
    let gate = passTyping(undefined, true, 0, 2_000).gate;
    const relayed: boolean[] = [];
    for (let i = 0; i < 20; i++) {
      const step = passTyping(gate, i % 2 === 1, 10 + i, 2_000); // stop, start, stop, ...
      relayed.push(step.relay);
      gate = step.gate;
    }
    expect(relayed.filter(Boolean)).toHaveLength(1); // the first stop; every later one drops
    expect(relayed[0]).toBe(true);
  });
});

describe("forDevice", () => {
  const room = { id: "grp:x", kind: "group" as const, title: "x" };
  const message = (seq: number) => textMessage(seq, { roomId: room.id });
  const frames: LoggedFrame[] = [
    { type: "message", useq: 10, room, message: message(4) },
    { type: "message", useq: 11, room, message: message(5) },
    { type: "read", useq: 12, roomId: room.id, readSeq: 5, unreadCount: 0 },
  ];

  it("sends a device with the room open a reference for what it got live, and the rest whole", () => {
    expect(forDevice(frames, { phone: 4 }, "phone")).toEqual([
      frames[0],
      { type: "message_ref", useq: 11, roomId: room.id, seq: 5 },
      frames[2],
    ]);
    expect(forDevice(frames, { phone: 4 }, "laptop")).toEqual(frames);
    expect(forDevice(frames, {}, "phone")).toEqual(frames);
    // Not fooled by names an object already has.
    expect(forDevice(frames, {}, "toString")).toEqual(frames);
  });
});

describe("room socket rules", () => {
  const at = (userId: string, deviceId: string, fromSeq: number, connectedAt = 0) => ({
    userId,
    deviceId,
    fromSeq,
    connectedAt,
  });

  it("count each device from its oldest open socket", () => {
    const sockets = [at("b", "p", 7), at("b", "p", 3), at("b", "l", 9), at("c", "p", 1), null];
    expect(liveFrom(sockets, "b")).toEqual({ p: 3, l: 9 });
    expect(liveFrom(sockets, "z")).toEqual({});
  });

  it("disconnect who left or was removed, unless they joined again after", () => {
    const sys = (system: ChatMessage["system"]): ChatMessage => ({
      roomId: "r",
      seq: 1,
      kind: "system",
      senderId: null,
      body: "",
      createdAt: 1,
      ...(system ? { system } : {}),
    });
    expect(
      departed([
        sys({ type: "left", userId: "a" }),
        sys({ type: "removed", by: "o", userId: "b" }),
        sys({ type: "joined", by: "o", userIds: ["a"] }),
      ]),
    ).toEqual(["b"]);
  });

  it("make way for a new socket by closing the user's oldest beyond the limit", () => {
    const sockets = [3, 1, 2].map((t) => ({ attachment: at("b", `d${t}`, 0, t) }));
    expect(overLimit(sockets, "b", 3).map((s) => s.attachment.deviceId)).toEqual(["d1"]);
    expect(overLimit(sockets, "b", 4)).toEqual([]);
    expect(overLimit(sockets, "c", 1)).toEqual([]);
  });
});

describe("a frame on a room socket", () => {
  const room = "grp:11111111-1111-4111-8111-111111111111";
  const parse = (frame: object | string, max = 1_000) =>
    roomSocketCommand(typeof frame === "string" ? frame : JSON.stringify(frame), max, room);
  const send = { type: "send", id: "s1", roomId: room, clientMsgId: "m1", body: "hi" };

  it("is a send to this room, with its ref", () => {
    expect(parse(send)).toEqual({ type: "send", ref: "s1", clientMsgId: "m1", body: "hi" });
  });

  it.each([
    [{ type: "cursor", id: "c1", cursor: 3 }, "unknown_frame"],
    [{ type: "typing", id: "t1", roomId: room }, "unknown_frame"],
    [{ type: "hello", id: "h1" }, "unknown_frame"],
    [{ ...send, id: "o1", roomId: "grp:22222222-2222-4222-8222-222222222222" }, "bad_request"],
    [{ ...send, id: "v1", body: "" }, "validation_failed"],
  ])("refuses %j with %s and its ref", (frame, code) => {
    expect(parse(frame)).toEqual({
      type: "reply",
      frames: [expect.objectContaining({ type: "error", ref: frame.id, code })],
    });
  });

  it("closes the socket on a frame over the limit, and only over it", () => {
    const text = JSON.stringify(send);
    expect(parse(text, text.length).type).toBe("send");
    expect(parse(text, text.length - 1)).toMatchObject({
      type: "reply",
      frames: [{ code: "payload_too_large" }],
      close: { code: 1009 },
    });
  });
});
