/**
 * The SDK's socket gives up on a silent server within an interval and a deadline: a fake
 * socket that answers `hello`, then pongs or not, and fake timers (no waiting in real time).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ApiClient } from "../../src/client/api";
import { ChatConnection } from "../../src/client/connection";
import { HEARTBEAT_ANSWER_MS } from "../../src/client/heartbeat";
import { CLIENT_CLOSE, HEARTBEAT_PING, HEARTBEAT_PONG } from "../../src/protocol";

const INTERVAL = 5_000;

/** A socket that is open from the start, answers `hello`, and pongs while `answering`. */
class FakeSocket extends EventTarget {
  readyState = 1;
  answering = true;
  pings = 0;
  send(data: string): void {
    if (data === HEARTBEAT_PING) {
      this.pings += 1;
      if (this.answering) this.reply(HEARTBEAT_PONG);
      return;
    }
    const frame = JSON.parse(data) as { type: string; id: string };
    if (frame.type !== "hello") return;
    this.reply(
      JSON.stringify({
        type: "welcome",
        ref: frame.id,
        userId: "u",
        deviceId: "d",
        cursor: 0,
        serverTime: 0,
        heartbeatIntervalMs: INTERVAL,
        typingIntervalMs: 2_000,
      }),
    );
  }
  /** The close handshake never completes: the network is gone. */
  close(): void {
    this.readyState = 2;
  }
  private reply(data: string): void {
    queueMicrotask(() => {
      if (this.readyState === 1) this.dispatchEvent(new MessageEvent("message", { data }));
    });
  }
}

const api = {
  baseUrl: "http://chat.test",
  socketTicket: async () => ({ ticket: "t", url: "/api/socket?ticket=t" }),
} as unknown as ApiClient;

async function connect(heartbeatAnswerMs?: number) {
  const socket = new FakeSocket();
  const connection = await ChatConnection.open(api, {
    openSocket: () => socket as unknown as WebSocket,
    ...(heartbeatAnswerMs === undefined ? {} : { heartbeatAnswerMs }),
  });
  await connection.hello(0);
  let closedAt: number | null = null;
  const closed = connection.closed.then((how) => {
    closedAt = Date.now();
    return how;
  });
  return { socket, connection, closed, closedAt: () => closedAt };
}

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ["setTimeout", "setInterval", "clearTimeout", "clearInterval", "Date"],
  });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("a session socket whose server goes silent", () => {
  it("stays open while pongs come", async () => {
    const { socket, connection } = await connect();
    await vi.advanceTimersByTimeAsync(INTERVAL * 10);
    expect(socket.pings).toBe(10);
    expect(connection.isOpen).toBe(true);
  });

  it("closes (4000) within one interval and HEARTBEAT_ANSWER_MS, without the browser's close event", async () => {
    const { socket, connection, closed, closedAt } = await connect();
    const start = Date.now();
    await vi.advanceTimersByTimeAsync(INTERVAL / 2);
    socket.answering = false; // the network went away
    await vi.advanceTimersByTimeAsync(INTERVAL / 2 + HEARTBEAT_ANSWER_MS - 1);
    expect(connection.isOpen).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(await closed).toEqual({ code: CLIENT_CLOSE, reason: "heartbeat timeout" });
    expect(closedAt()).toBe(start + INTERVAL + HEARTBEAT_ANSWER_MS);
    expect(connection.isOpen).toBe(false);
  });

  it("checks at once when probed (the browser said the network went)", async () => {
    const { socket, connection, closed, closedAt } = await connect(1_000);
    socket.answering = false;
    const start = Date.now();
    connection.probe();
    await vi.advanceTimersByTimeAsync(1_000);
    await closed;
    expect(closedAt()).toBe(start + 1_000);
  });
});
