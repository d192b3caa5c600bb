import { describe, expect, it } from "vitest";
import { nextQuietRelease, quietPhase } from "../../src/room/fanout";

describe("quiet members' moments in the cycle", () => {
  it("come at least one live window on and within one cycle after that", () => {
    for (const at of [0, 1, 999, 4_999, 5_000, 1_795_566_620_615]) {
      for (let i = 0; i < 50; i++) {
        const next = nextQuietRelease(`user-${i}`, at, 5_000, 1_000);
        expect(next).toBeGreaterThanOrEqual(at + 1_000);
        expect(next).toBeLessThan(at + 1_000 + 5_000);
        expect(next % 5_000).toBe(quietPhase(`user-${i}`, 5_000));
      }
    }
  });

  it("keep a member released on time exactly one cycle apart, to the millisecond", () => {
    const first = nextQuietRelease("b", 0, 5_000, 1_000);
    expect(nextQuietRelease("b", first, 5_000, 1_000)).toBe(first + 5_000);
    // A release just inside the live window's reach moves to the next cycle.
    const phase = quietPhase("b", 5_000);
    expect(nextQuietRelease("b", 10_000 + phase - 1_000, 5_000, 1_000)).toBe(10_000 + phase);
    expect(nextQuietRelease("b", 10_000 + phase - 999, 5_000, 1_000)).toBe(15_000 + phase);
  });

  it("spread a room's members over the whole cycle, however alike their ids", () => {
    const perSecond = [0, 0, 0, 0, 0];
    for (let i = 0; i < 500; i++) {
      const second = Math.floor(quietPhase(`user-${i}`, 5_000) / 1_000);
      perSecond[second] = (perSecond[second] ?? 0) + 1;
    }
    // 100 a second on average; a hash that kept similar ids together would pile them up.
    for (const count of perSecond) expect(count).toBeGreaterThan(70);
    for (const count of perSecond) expect(count).toBeLessThan(130);
  });
});
