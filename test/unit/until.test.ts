import { describe, expect, it } from "vitest";
import { until } from "../worker/until";

describe("until", () => {
  it("polls until the condition holds, at the interval asked", async () => {
    let calls = 0;
    await until(() => ++calls === 4, { timeout: 1_000, interval: 5 });
    expect(calls).toBe(4);
  });

  it("gives up after the timeout, naming what it waited for", async () => {
    await expect(until(() => false, { timeout: 30, interval: 5, what: "never" })).rejects.toThrow(
      "timed out after 30 ms waiting for never",
    );
    await expect(until(() => false, 30, "the old form")).rejects.toThrow(/the old form/);
  });
});
