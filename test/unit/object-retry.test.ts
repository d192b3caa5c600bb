import { describe, expect, it } from "vitest";
import { retryWaitSeconds } from "../../src/objects/fanout";
import { DEFAULT_SETTINGS } from "../../src/settings";

describe("an object job's retries", () => {
  it("wait 2 s after the first try, doubling, never past OBJECT_FANOUT_RETRY_MAX_SECONDS", () => {
    const max = DEFAULT_SETTINGS.OBJECT_FANOUT_RETRY_MAX_SECONDS;
    expect([1, 2, 3, 4, 5].map((n) => retryWaitSeconds(n, max))).toEqual([2, 4, 8, 16, 32]);
    expect(retryWaitSeconds(6, max)).toBe(max); // 64 would pass 60
    expect(retryWaitSeconds(10, max)).toBe(max);
    expect(retryWaitSeconds(3, 8)).toBe(8);
    expect(retryWaitSeconds(4, 8)).toBe(8);
  });
});
