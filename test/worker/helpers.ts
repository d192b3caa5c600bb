/** Helpers for tests that drive the worker inside workerd through its real fetch handler. */
import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import { sha256 } from "../../src/auth/encoding";
import type { AuthResult, ErrorBody, ServerFrame, SocketTicket } from "../../src/protocol";

export const ORIGIN = "http://localhost:8787";

export interface CallOptions {
  body?: unknown;
  token?: string;
  ip?: string;
  headers?: Record<string, string>;
}

export interface CallResult<T> {
  status: number;
  headers: Headers;
  body: T;
}

let ipCounter = 0;
/** A distinct client IP per call site, so per-IP throttling does not couple tests. */
export function freshIp(): string {
  ipCounter += 1;
  return `198.51.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
}

export async function call<T = unknown>(
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<CallResult<T>> {
  const headers: Record<string, string> = {
    "CF-Connecting-IP": options.ip ?? freshIp(),
    ...options.headers,
  };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  const response = await exports.default.fetch(`${ORIGIN}${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : null) as T,
  };
}

export function errorCode(result: CallResult<unknown>): string | undefined {
  return (result.body as ErrorBody | null)?.error?.code;
}

let userCounter = 0;
export function uniqueName(prefix = "user"): string {
  userCounter += 1;
  return `${prefix}_${userCounter}_${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Sends a message over HTTP, waiting out `rate_limited` (the sender's one send budget,
 * SEND_BURST then SEND_RATE_PER_SECOND) for tests that send more than a burst.
 */
export async function postMessage(
  token: string,
  roomId: string,
  body: string,
  clientMsgId: string = crypto.randomUUID(),
): Promise<CallResult<import("../../src/protocol").SendResult>> {
  for (;;) {
    const sent = await call<import("../../src/protocol").SendResult>(
      "POST",
      `/api/rooms/${encodeURIComponent(roomId)}/messages`,
      { token, body: { clientMsgId, body } },
    );
    if (sent.status !== 429) return sent;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export const PASSWORD = "correct horse battery";

export async function signUp(username = uniqueName(), password = PASSWORD): Promise<AuthResult> {
  const result = await call<AuthResult>("POST", "/api/auth/signup", {
    body: { username, displayName: `Name of ${username}`, password },
  });
  if (result.status !== 201) throw new Error(`sign-up failed: ${JSON.stringify(result.body)}`);
  return result.body;
}

export async function signIn(username: string, password = PASSWORD, ip?: string) {
  return call<AuthResult>("POST", "/api/auth/signin", {
    body: { username, password },
    ...(ip ? { ip } : {}),
  });
}

/**
 * Moves the rotation of an already rotated refresh token `ms` into the past, as if that much
 * time had gone by since (for the REFRESH_REUSE_GRACE_SECONDS window).
 */
export async function ageRotation(db: D1Database, refreshToken: string, ms: number) {
  await db
    .prepare(
      "UPDATE refresh_tokens SET used_at = ?2 - ?3 WHERE token_hash = ?1 AND used_at IS NOT NULL",
    )
    .bind(await sha256(refreshToken), Date.now(), ms)
    .run();
}

export async function ticketFor(accessToken: string): Promise<SocketTicket> {
  const result = await call<SocketTicket>("POST", "/api/socket/ticket", { token: accessToken });
  expect(result.status).toBe(201);
  return result.body;
}

/** A test socket: frames arrive in a queue that `next()` drains in order. */
export interface TestSocket {
  ws: WebSocket;
  /** The next JSON frame. */
  next(): Promise<ServerFrame>;
  /** The next frame as text (heartbeat answers are not JSON). */
  nextText(): Promise<string>;
  closed: Promise<{ code: number; reason: string }>;
}

export async function upgrade(url: string, headers: Record<string, string> = { Origin: ORIGIN }) {
  return exports.default.fetch(`${ORIGIN}${url}`, {
    headers: { Upgrade: "websocket", ...headers },
  });
}

export async function open(accessToken: string): Promise<TestSocket> {
  const { url } = await ticketFor(accessToken);
  const response = await upgrade(url);
  expect(response.status).toBe(101);
  const ws = response.webSocket;
  if (!ws) throw new Error("no socket in the 101 response");
  return testSocket(ws);
}

/** Accepts an upgraded socket and queues what arrives, for `next()` to drain in order. */
export function testSocket(ws: WebSocket): TestSocket {
  ws.accept();
  const frames: string[] = [];
  const waiters: ((frame: string) => void)[] = [];
  ws.addEventListener("message", (event) => {
    const frame = String(event.data);
    const waiter = waiters.shift();
    if (waiter) waiter(frame);
    else frames.push(frame);
  });
  const nextText = () => {
    const frame = frames.shift();
    return frame !== undefined
      ? Promise.resolve(frame)
      : new Promise<string>((resolve) => waiters.push(resolve));
  };
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.addEventListener("close", (event) => resolve({ code: event.code, reason: event.reason }));
  });
  return {
    ws,
    closed,
    nextText,
    next: async () => JSON.parse(await nextText()) as ServerFrame,
  };
}

/**
 * Inserts users straight into D1 (no password hashing), for tests that need many members.
 * They cannot sign in; they exist as room members and recipients.
 */
export async function insertUsers(db: D1Database, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => crypto.randomUUID());
  const now = Date.now();
  await db.batch(
    ids.map((id) =>
      db
        .prepare(
          "INSERT INTO users (id, username, display_name, password_hash, created_at, updated_at) VALUES (?1, ?2, ?2, 'x', ?3, ?3)",
        )
        .bind(id, `bulk_${id.slice(0, 8)}_${id.slice(9, 13)}`, now),
    ),
  );
  return ids;
}

export async function createGroup(token: string, title: string, memberIds: string[]) {
  return call<import("../../src/protocol").RoomDetails>("POST", "/api/rooms", {
    token,
    body: { kind: "group", title, memberIds },
  });
}

/**
 * `count` groups of `token`'s user with `memberIds`, titled "room 0" on, each created in a
 * millisecond of its own so that activity order is creation order. Returns their ids.
 */
export async function groupsInOrder(
  token: string,
  memberIds: string[],
  count: number,
): Promise<string[]> {
  const rooms: string[] = [];
  for (let i = 0; i < count; i++) {
    rooms.push((await createGroup(token, `room ${i}`, memberIds)).body.id);
    await new Promise((r) => setTimeout(r, 2)); // each its own millisecond
  }
  return rooms;
}

export async function createDirect(token: string, userId: string) {
  return call<import("../../src/protocol").RoomDetails>("POST", "/api/rooms", {
    token,
    body: { kind: "direct", userId },
  });
}

/** Opens a room socket with a fresh ticket; resolves with the upgrade's status and socket. */
export async function openRoom(
  token: string,
  roomId: string,
): Promise<{ status: number; socket: TestSocket | null }> {
  const { ticket } = await ticketFor(token);
  const response = await upgrade(
    `/api/socket/rooms/${encodeURIComponent(roomId)}?ticket=${ticket}`,
  );
  const ws = response.webSocket;
  if (response.status !== 101 || !ws) return { status: response.status, socket: null };
  return { status: 101, socket: testSocket(ws) };
}

export async function opened(token: string, roomId: string): Promise<TestSocket> {
  const { status, socket } = await openRoom(token, roomId);
  expect(status).toBe(101);
  if (!socket) throw new Error("no socket");
  return socket;
}

export async function groupOfThree() {
  const [alice, bob, carol] = await Promise.all([signUp(), signUp(), signUp()]);
  const room = (await createGroup(alice.accessToken, "live", [bob.user.id, carol.user.id])).body;
  return { alice, bob, carol, room };
}
