/**
 * Every way to change something is rate-limited per user: one send budget across the
 * session socket, room sockets and HTTP; read marks over HTTP in the same budget as `read`
 * frames; settings, room management and sign-out in the change budget; socket tickets in
 * their own. Each at the edge of its default.
 */
import { describe, expect, it } from "vitest";
import type { AckFrame, ErrorFrame, RoomOpenFrame } from "../../src/protocol";
import { DEFAULT_SETTINGS } from "../../src/settings";
import { Device } from "./device";
import {
  type CallResult,
  call,
  createGroup,
  errorCode,
  groupOfThree,
  opened,
  signUp,
  type TestSocket,
} from "./helpers";
import { newSubscription } from "./push-helpers";

const {
  SEND_BURST,
  SEND_RATE_PER_SECOND,
  SIGNAL_BURST,
  SIGNAL_RATE_PER_SECOND,
  CHANGE_BURST,
  CHANGE_RATE_PER_MINUTE,
  TICKET_BURST,
  TICKET_RATE_PER_MINUTE,
} = DEFAULT_SETTINGS;

function sendOverHttp(token: string, roomId: string, body = "hi") {
  return call("POST", `/api/rooms/${roomId}/messages`, {
    token,
    body: { clientMsgId: crypto.randomUUID(), body },
  });
}

function expectLimited(result: CallResult<unknown>): void {
  expect(result.status).toBe(429);
  expect(errorCode(result)).toBe("rate_limited");
  expect(Number(result.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
}

let refs = 0;
async function sendOn(socket: TestSocket, roomId: string): Promise<AckFrame | ErrorFrame> {
  const ref = `l${++refs}`;
  socket.ws.send(
    JSON.stringify({ type: "send", id: ref, roomId, clientMsgId: crypto.randomUUID(), body: "x" }),
  );
  for (;;) {
    const frame = await socket.next();
    if ((frame.type === "ack" || frame.type === "error") && frame.ref === ref) {
      return frame as AckFrame | ErrorFrame;
    }
  }
}

/**
 * Runs `calls` at once; asserts that `burst` of them got through, plus at most what the
 * bucket refilled meanwhile (`perSecond`), and that the rest were refused with 429.
 */
async function burstOf(
  calls: (() => Promise<CallResult<unknown>>)[],
  ok: number,
  burst: number,
  perSecond: number,
): Promise<CallResult<unknown>[]> {
  const started = Date.now();
  const results = await Promise.all(calls.map((f) => f()));
  const refilled = Math.ceil(((Date.now() - started) / 1000) * perSecond);
  const passed = results.filter((r) => r.status === ok).length;
  expect(passed).toBeGreaterThanOrEqual(burst);
  expect(passed).toBeLessThanOrEqual(burst + refilled);
  expect(passed + results.filter((r) => r.status === 429).length).toBe(results.length);
  expectLimited(results.find((r) => r.status === 429) as CallResult<unknown>);
  return results;
}

const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

/** Sends `count` frames on a room socket at once; resolves with their answers, in order. */
async function sendMany(
  socket: TestSocket,
  roomId: string,
  count: number,
): Promise<(AckFrame | ErrorFrame)[]> {
  const ids = times(count, () => `l${++refs}`);
  for (const id of ids) {
    socket.ws.send(
      JSON.stringify({ type: "send", id, roomId, clientMsgId: crypto.randomUUID(), body: "x" }),
    );
  }
  const answers = new Map<string, AckFrame | ErrorFrame>();
  while (answers.size < count) {
    const frame = await socket.next();
    if ((frame.type === "ack" || frame.type === "error") && frame.ref)
      answers.set(frame.ref, frame);
  }
  return ids.map((id) => answers.get(id) as AckFrame | ErrorFrame);
}

describe("the send budget", () => {
  it("holds HTTP sends to SEND_BURST at once: 60 concurrent posts, the rest 429", async () => {
    const { alice, room } = await groupOfThree();
    const posts = times(60, () => () => sendOverHttp(alice.accessToken, room.id));
    await burstOf(posts, 201, SEND_BURST, SEND_RATE_PER_SECOND);
  });

  it("is one budget: what HTTP spent, the session socket cannot spend again", async () => {
    const { alice, room } = await groupOfThree();
    const device = await Device.connect(alice);
    const posts = times(SEND_BURST + 10, () => () => sendOverHttp(alice.accessToken, room.id));
    await burstOf(posts, 201, SEND_BURST, SEND_RATE_PER_SECOND);
    // With a budget of its own, the socket would take all ten; it gets what refilled since.
    const since = Date.now();
    const answers = await Promise.all(times(10, (i) => device.send(room.id, `more ${i}`)));
    const refilled = Math.ceil(((Date.now() - since) / 1000) * SEND_RATE_PER_SECOND) + 1;
    expect(answers.filter((a) => a.type === "ack").length).toBeLessThanOrEqual(refilled);
    expect(refilled).toBeLessThan(10);
    expect(answers.some((a) => a.type === "error" && a.code === "rate_limited")).toBe(true);
    device.close();
  });

  it("is one budget: a room socket's sends are charged to it, and the room hears when it is spent", async () => {
    const { alice, room } = await groupOfThree();
    const live = await opened(alice.accessToken, room.id);
    expect(((await live.next()) as RoomOpenFrame).type).toBe("room_open");
    const posts = times(SEND_BURST + 10, () => () => sendOverHttp(alice.accessToken, room.id));
    await burstOf(posts, 201, SEND_BURST, SEND_RATE_PER_SECOND);
    // The room takes sends before it hears from the session (its own bucket for this member
    // is full), reports them, and is told the budget is spent: it refuses the rest. What it
    // took went into debt.
    const answers = await sendMany(live, room.id, SEND_BURST);
    const taken = answers.filter((a) => a.type === "ack").length;
    expect(taken).toBeGreaterThanOrEqual(1);
    expect(taken).toBeLessThan(SEND_BURST);
    expect(answers.at(-1)).toMatchObject({ type: "error", code: "rate_limited" });
    // Its own bucket for this member is all but full; it refuses for the user's budget.
    expect(await sendOn(live, room.id)).toMatchObject({ type: "error", code: "rate_limited" });
    live.ws.close();
  });
});

describe("read marks over HTTP", () => {
  it("share the signal budget of read frames: SIGNAL_BURST at once", async () => {
    const { alice, room } = await groupOfThree();
    const reads = times(
      SIGNAL_BURST + 10,
      () => () =>
        call("POST", `/api/rooms/${room.id}/read`, { token: alice.accessToken, body: { seq: 1 } }),
    );
    await burstOf(reads, 200, SIGNAL_BURST, SIGNAL_RATE_PER_SECOND);
  });
});

describe("the change budget", () => {
  it("covers settings, mute, push and room changes: CHANGE_BURST at once, then 429", async () => {
    const { alice, room } = await groupOfThree();
    const token = alice.accessToken;
    const { id: _id, ...subscription } = await newSubscription();
    const object = await call<{ id: string }>("POST", "/api/objects", {
      token,
      body: { title: "x" },
    });
    const changes = [
      () => call("PATCH", `/api/objects/${object.body.id}`, { token, body: { statusLabel: null } }),
      () => call("PUT", "/api/push/subscription", { token, body: subscription }),
      () => call("PUT", "/api/me/presence", { token, body: { hidden: false } }),
      () => call("PUT", "/api/me/notifications", { token, body: { doNotDisturbUntil: null } }),
      () => call("PUT", `/api/rooms/${room.id}/mute`, { token, body: { muted: true } }),
      () => call("PATCH", `/api/rooms/${room.id}`, { token, body: { title: "renamed" } }),
      () => call("PATCH", "/api/me", { token, body: { displayName: "Alice" } }),
    ];
    const all = times(
      CHANGE_BURST + 10,
      (i) => changes[i % changes.length] as () => Promise<CallResult<unknown>>,
    );
    // The group's creation and the object's were the first two changes.
    await burstOf(all, 200, CHANGE_BURST - 2, CHANGE_RATE_PER_MINUTE / 60);
    for (const change of changes) expectLimited(await change());
    expectLimited(await call("DELETE", "/api/push/subscription", { token }));
    const deal = { status: "reserved", askerId: room.id };
    expectLimited(await call("POST", `/api/objects/${object.body.id}/deal`, { token, body: deal }));
    // Reading is not a change.
    expect((await call("GET", "/api/me", { token })).status).toBe(200);
  });
});

describe("socket tickets", () => {
  it("are limited per user: TICKET_BURST at once, then 429", async () => {
    const alice = await signUp();
    const tickets = times(
      TICKET_BURST + 5,
      () => () => call("POST", "/api/socket/ticket", { token: alice.accessToken }),
    );
    await burstOf(tickets, 201, TICKET_BURST, TICKET_RATE_PER_MINUTE / 60);
  });
});

describe("room creation", () => {
  it("counts toward the change budget of its creator only", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const creations = times(
      CHANGE_BURST + 5,
      (i) => () => createGroup(alice.accessToken, `g${i}`, [bob.user.id]),
    );
    await burstOf(creations, 201, CHANGE_BURST, CHANGE_RATE_PER_MINUTE / 60);
    expect((await createGroup(bob.accessToken, "bob's", [alice.user.id])).status).toBe(201);
  });
});
