import { describe, expect, it } from "vitest";
import { isQuiet, logLimits } from "../../src/session/delivery";
import { anyOpen, presenceLeaseEnd } from "../../src/session/presence";
import { watchRenewal } from "../../src/session/signals";
import { reciprocalCode } from "../../src/sockets/socket";
import { firstSweepAt } from "../../src/sockets/sweep";

describe("a delivery to a session", () => {
  it("is quiet only when every connected device got it live from the room", () => {
    expect(isQuiet(["a", "b"], { a: 3, b: 0 })).toBe(true);
    expect(isQuiet(["a", "b"], { a: 3 })).toBe(false);
    expect(isQuiet([], {})).toBe(true); // nobody connected: nobody waits
  });

  it("keeps the log within its count and age", () => {
    const settings = { LOG_MAX_EVENTS: 50, LOG_MAX_AGE_SECONDS: 60 };
    expect(logLimits(settings, 100_000)).toEqual({ maxEvents: 50, before: 40_000 });
  });
});

describe("presence", () => {
  const OPEN = 1;
  const CLOSING = 2;

  it("is online while a socket is open, leaving out those closing now", () => {
    const a = { readyState: OPEN };
    const b = { readyState: OPEN };
    expect(anyOpen([a, b], new Set([a]))).toBe(true);
    expect(anyOpen([a, b], new Set([a, b]))).toBe(false);
    expect(anyOpen([{ readyState: CLOSING }], new Set())).toBe(false);
    expect(anyOpen([], new Set())).toBe(false);
  });

  it("gives a viewer's lease no more than the lease length from now", () => {
    expect(presenceLeaseEnd(5_000, 1_000, 60_000)).toBe(5_000);
    expect(presenceLeaseEnd(1_000_000, 1_000, 60_000)).toBe(61_000);
  });
});

describe("sockets", () => {
  it("are first swept just past the timeout", () => {
    expect(firstSweepAt(1_000, 30_000)).toBe(31_001);
  });

  it("answer a peer's close with its code, or 1000 for the codes that may not be sent", () => {
    expect(reciprocalCode(4000)).toBe(4000);
    expect(reciprocalCode(1001)).toBe(1001);
    expect(reciprocalCode(1005)).toBe(1000);
    expect(reciprocalCode(1006)).toBe(1000);
  });
});

describe("watch renewal", () => {
  it("lets a socket renew at most once a gap, and a new one at once", () => {
    expect(watchRenewal(undefined, 0, 15_000)).toEqual({ ok: true });
    expect(watchRenewal(1_000, 15_999, 15_000)).toEqual({ ok: false, waitMs: 1 });
    expect(watchRenewal(1_000, 1_000, 15_000)).toEqual({ ok: false, waitMs: 15_000 });
    expect(watchRenewal(1_000, 16_000, 15_000)).toEqual({ ok: true });
  });
});
