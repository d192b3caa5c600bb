import { describe, expect, it } from "vitest";
import { passTyping, takeToken } from "../../src/session/rate";
import { planCatchUp } from "../../src/session/sync";

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
