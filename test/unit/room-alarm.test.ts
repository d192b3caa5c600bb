import { describe, expect, it } from "vitest";
import {
  ARCHIVE_READY,
  archiveFailed,
  archiveWait,
  needsArming,
  nextAlarm,
  sweepDue,
  sweepWithSocket,
} from "../../src/room/alarm";

const idle = { lagging: false, retryAt: null };

describe("the room's next alarm", () => {
  it("is the earliest time some job asks for", () => {
    const asks = { sweepAt: 9_000, fanout: { lagging: true, retryAt: 5_000 }, archiveAt: 7_000 };
    expect(nextAlarm(asks, 0, 1_000)).toBe(5_000);
    expect(nextAlarm({ ...asks, archiveAt: 2_000 }, 0, 1_000)).toBe(2_000);
    expect(nextAlarm({ ...asks, sweepAt: 1_500 }, 0, 1_000)).toBe(1_500);
  });

  it("is none when no socket is open, fanout is caught up and all is archived", () => {
    expect(nextAlarm({ sweepAt: Infinity, fanout: idle, archiveAt: null }, 0, 1_000)).toBeNull();
  });

  it("looks at a lagging fanout with no retry planned again after the retry interval", () => {
    const asks = { sweepAt: Infinity, fanout: { lagging: true, retryAt: null }, archiveAt: null };
    expect(nextAlarm(asks, 10_000, 1_000)).toBe(11_000);
  });

  it("ignores a retry time fanout planned once it is no longer lagging", () => {
    const asks = { sweepAt: Infinity, fanout: { lagging: false, retryAt: 5 }, archiveAt: 50 };
    expect(nextAlarm(asks, 0, 1_000)).toBe(50);
  });
});

describe("the sweep of room sockets", () => {
  it("runs when due or when not known, not before", () => {
    expect(sweepDue(null, 0)).toBe(true);
    expect(sweepDue(1_000, 1_000)).toBe(true);
    expect(sweepDue(1_001, 1_000)).toBe(false);
    expect(sweepDue(Infinity, 1_000)).toBe(false);
  });

  it("comes no later than a new socket's first sweep; unknown stays unknown", () => {
    expect(sweepWithSocket(Infinity, 500)).toBe(500);
    expect(sweepWithSocket(300, 500)).toBe(300);
    expect(sweepWithSocket(null, 500)).toBeNull();
  });
});

describe("arming the alarm", () => {
  it("sets it when not known or for an earlier time, never to push it back", () => {
    expect(needsArming(null, 5)).toBe(true);
    expect(needsArming(10, 5)).toBe(true);
    expect(needsArming(10, 10)).toBe(false);
    expect(needsArming(10, 20)).toBe(false);
  });
});

describe("the archive's backoff", () => {
  it("doubles the wait after each failure, up to the maximum", () => {
    let backoff = ARCHIVE_READY;
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      backoff = archiveFailed(backoff, 1_000, 100, 500);
      waits.push(backoff.notBefore - 1_000);
    }
    expect(waits).toEqual([100, 200, 400, 500, 500]);
  });

  it("holds a run back until the wait is over", () => {
    const backoff = archiveFailed(ARCHIVE_READY, 1_000, 100, 500);
    expect(archiveWait(backoff, 1_099)).toBe(1_100);
    expect(archiveWait(backoff, 1_100)).toBeNull();
    expect(archiveWait(ARCHIVE_READY, 0)).toBeNull();
  });
});
