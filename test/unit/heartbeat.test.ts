/** The SDK's heartbeat: a ping per interval, and a socket that does not answer in time is dead. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HEARTBEAT_ANSWER_MS, Heartbeat } from "../../src/client/heartbeat";

const INTERVAL = 5_000;

function setup(answerMs = HEARTBEAT_ANSWER_MS) {
  const log = { pings: 0, dead: 0 };
  const heartbeat = new Heartbeat(
    {
      ping: () => {
        log.pings += 1;
      },
      dead: () => {
        log.dead += 1;
      },
    },
    answerMs,
  );
  heartbeat.start(INTERVAL);
  return { heartbeat, log };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("the heartbeat", () => {
  it("pings once per interval while every ping is answered, and never calls it dead", () => {
    const { heartbeat, log } = setup();
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(INTERVAL);
      vi.advanceTimersByTime(100);
      heartbeat.heard(); // the pong
    }
    expect(log).toEqual({ pings: 10, dead: 0 });
  });

  it("calls a socket dead HEARTBEAT_ANSWER_MS after an unanswered ping, not a moment sooner", () => {
    const { log } = setup();
    vi.advanceTimersByTime(INTERVAL);
    expect(log.pings).toBe(1);
    vi.advanceTimersByTime(HEARTBEAT_ANSWER_MS - 1);
    expect(log.dead).toBe(0);
    vi.advanceTimersByTime(1);
    expect(log.dead).toBe(1);
    // Stopped: no more pings, and dead once only.
    vi.advanceTimersByTime(INTERVAL * 3);
    expect(log).toEqual({ pings: 1, dead: 1 });
  });

  it("takes any frame as an answer", () => {
    const { heartbeat, log } = setup();
    vi.advanceTimersByTime(INTERVAL + HEARTBEAT_ANSWER_MS - 1);
    heartbeat.heard(); // a message, not the pong: alive all the same
    vi.advanceTimersByTime(HEARTBEAT_ANSWER_MS);
    expect(log.dead).toBe(0);
  });

  it("uses the deadline it is given", () => {
    const { log } = setup(500);
    vi.advanceTimersByTime(INTERVAL + 499);
    expect(log.dead).toBe(0);
    vi.advanceTimersByTime(1);
    expect(log.dead).toBe(1);
  });

  it("probes at once on request, with the same deadline, and not twice while one waits", () => {
    const { heartbeat, log } = setup();
    heartbeat.probe();
    heartbeat.probe();
    expect(log.pings).toBe(1);
    vi.advanceTimersByTime(HEARTBEAT_ANSWER_MS);
    expect(log).toEqual({ pings: 1, dead: 1 });
  });

  it("sends no probe once stopped", () => {
    const { heartbeat, log } = setup();
    heartbeat.stop();
    heartbeat.probe();
    vi.advanceTimersByTime(INTERVAL * 2);
    expect(log).toEqual({ pings: 0, dead: 0 });
  });

  it("gives one more deadline when its timer ran late (the page was busy or asleep)", () => {
    const { heartbeat, log } = setup();
    heartbeat.start(10 * 60_000); // no ticks in this test: probes only
    heartbeat.probe();
    // The page froze: the clock moved on, the deadline's timer did not run.
    vi.setSystemTime(Date.now() + 4 * HEARTBEAT_ANSWER_MS);
    vi.advanceTimersByTime(HEARTBEAT_ANSWER_MS);
    expect(log.dead).toBe(0);
    heartbeat.heard(); // the pong that was waiting to be read
    vi.advanceTimersByTime(HEARTBEAT_ANSWER_MS);
    expect(log.dead).toBe(0);
    // Late again, and no answer: one more window, then dead.
    heartbeat.probe();
    vi.setSystemTime(Date.now() + 4 * HEARTBEAT_ANSWER_MS);
    vi.advanceTimersByTime(HEARTBEAT_ANSWER_MS);
    expect(log.dead).toBe(0);
    vi.advanceTimersByTime(HEARTBEAT_ANSWER_MS);
    expect(log).toEqual({ pings: 2, dead: 1 });
  });
});
