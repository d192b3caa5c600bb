import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, parseSettings } from "../../src/settings";
import { SETTING_KEYS, SETTINGS_TABLE } from "../../src/settings/table";

describe("settings", () => {
  it("uses the defaults when nothing is set", () => {
    expect(parseSettings({})).toEqual(DEFAULT_SETTINGS);
  });

  it("reads overrides from variables, as strings or numbers", () => {
    const s = parseSettings({ MAX_FRAME_BYTES: "2048", SIGNIN_MAX_ATTEMPTS_PER_IP: 7 });
    expect(s.MAX_FRAME_BYTES).toBe(2048);
    expect(s.SIGNIN_MAX_ATTEMPTS_PER_IP).toBe(7);
  });

  it("parses the origin allowlist and refuses paths or junk", () => {
    expect(
      parseSettings({ ALLOWED_ORIGINS: "https://a.example, https://b.example:8443" })
        .ALLOWED_ORIGINS,
    ).toEqual(["https://a.example", "https://b.example:8443"]);
    expect(() => parseSettings({ ALLOWED_ORIGINS: "https://a.example/app" })).toThrow(
      /bare origins/,
    );
    expect(() => parseSettings({ ALLOWED_ORIGINS: "not a url" })).toThrow(/invalid origin/);
  });

  it.each(["abc", "-1", "1.5", "1e400"])("refuses a non-integer value %j", (raw) => {
    expect(() => parseSettings({ MAX_FRAME_BYTES: raw })).toThrow(/MAX_FRAME_BYTES/);
  });

  it("holds argon2id at or above the OWASP minimum", () => {
    expect(
      parseSettings({ ARGON2_MEMORY_KIB: "19456", ARGON2_ITERATIONS: "2" }).ARGON2_MEMORY_KIB,
    ).toBe(19_456);
    expect(() => parseSettings({ ARGON2_MEMORY_KIB: "19455" })).toThrow(/at least 19456/);
    expect(() => parseSettings({ ARGON2_ITERATIONS: "1" })).toThrow(/at least 2/);
    // and at or below what the verifier accepts from storage
    expect(
      parseSettings({ ARGON2_MEMORY_KIB: "65536", ARGON2_ITERATIONS: "10" }).ARGON2_ITERATIONS,
    ).toBe(10);
    expect(() => parseSettings({ ARGON2_MEMORY_KIB: "65537" })).toThrow(/at most 65536/);
    expect(() => parseSettings({ ARGON2_ITERATIONS: "11" })).toThrow(/at most 10/);
  });

  it("keeps the heartbeat timeout above the interval and typing throttle below its lifetime", () => {
    const ok = parseSettings({ HEARTBEAT_INTERVAL_MS: "1000", HEARTBEAT_TIMEOUT_MS: "1001" });
    expect(ok.HEARTBEAT_TIMEOUT_MS).toBe(1001);
    expect(() =>
      parseSettings({ HEARTBEAT_INTERVAL_MS: "1000", HEARTBEAT_TIMEOUT_MS: "1000" }),
    ).toThrow(/HEARTBEAT_TIMEOUT_MS must be longer/);
    expect(parseSettings({ TYPING_TTL_MS: "501", TYPING_THROTTLE_MS: "500" }).TYPING_TTL_MS).toBe(
      501,
    );
    expect(() => parseSettings({ TYPING_TTL_MS: "500", TYPING_THROTTLE_MS: "500" })).toThrow(
      /TYPING_THROTTLE_MS must be shorter/,
    );
    expect(() => parseSettings({ WATCH_LEASE_MS: "999" })).toThrow(/at least 1000/);
    expect(() => parseSettings({ TYPING_TTL_MS: "499" })).toThrow(/at least 500/);
  });

  it("keeps the refresh grace window between none and a minute", () => {
    expect(parseSettings({ REFRESH_REUSE_GRACE_SECONDS: "0" }).REFRESH_REUSE_GRACE_SECONDS).toBe(0);
    expect(parseSettings({ REFRESH_REUSE_GRACE_SECONDS: "60" }).REFRESH_REUSE_GRACE_SECONDS).toBe(
      60,
    );
    expect(() => parseSettings({ REFRESH_REUSE_GRACE_SECONDS: "61" })).toThrow(/at most 60/);
  });

  it.each([
    "REFRESH_MAX_PER_IP",
    "OWED_CLOSES_PER_SWEEP",
    "CHANGE_RATE_PER_MINUTE",
    "CHANGE_BURST",
    "TICKET_RATE_PER_MINUTE",
    "TICKET_BURST",
    "ROOM_CREATE_MAX_PER_HOUR",
  ])("holds %s at one or more: a limit of none would refuse everything", (key) => {
    expect(parseSettings({ [key]: "1" })[key as keyof typeof DEFAULT_SETTINGS]).toBe(1);
    expect(() => parseSettings({ [key]: "0" })).toThrow(new RegExp(`${key} must be at least 1`));
  });

  it("folds at least one archive row a sweep", () => {
    expect(parseSettings({ ARCHIVE_REFOLD_PER_SWEEP: "1" }).ARCHIVE_REFOLD_PER_SWEEP).toBe(1);
    expect(() => parseSettings({ ARCHIVE_REFOLD_PER_SWEEP: "0" })).toThrow(
      /ARCHIVE_REFOLD_PER_SWEEP must be at least 1/,
    );
  });

  it("keeps inbox pages and the resync's rooms at one or more, the default page within the most", () => {
    const edge = parseSettings({
      INBOX_PAGE_DEFAULT: "1",
      INBOX_PAGE_MAX: "1",
      RESYNC_ROOMS_MAX: "1",
    });
    expect([edge.INBOX_PAGE_DEFAULT, edge.INBOX_PAGE_MAX, edge.RESYNC_ROOMS_MAX]).toEqual([
      1, 1, 1,
    ]);
    for (const key of ["INBOX_PAGE_DEFAULT", "INBOX_PAGE_MAX", "RESYNC_ROOMS_MAX"]) {
      expect(() => parseSettings({ [key]: "0" })).toThrow(`${key} must be at least 1`);
    }
    expect(() => parseSettings({ INBOX_PAGE_DEFAULT: "101" })).toThrow(
      /INBOX_PAGE_DEFAULT must not be larger than INBOX_PAGE_MAX/,
    );
    expect(parseSettings({ INBOX_PAGE_DEFAULT: "100" }).INBOX_PAGE_DEFAULT).toBe(100);
  });

  it("allows a token clock skew from 0 up to 300 seconds", () => {
    expect(DEFAULT_SETTINGS.TOKEN_CLOCK_SKEW_SECONDS).toBe(60);
    expect(parseSettings({ TOKEN_CLOCK_SKEW_SECONDS: "0" }).TOKEN_CLOCK_SKEW_SECONDS).toBe(0);
    expect(parseSettings({ TOKEN_CLOCK_SKEW_SECONDS: "300" }).TOKEN_CLOCK_SKEW_SECONDS).toBe(300);
    expect(() => parseSettings({ TOKEN_CLOCK_SKEW_SECONDS: "301" })).toThrow(
      /TOKEN_CLOCK_SKEW_SECONDS must be at most 300/,
    );
    expect(() => parseSettings({ TOKEN_CLOCK_SKEW_SECONDS: "-1" })).toThrow(
      /TOKEN_CLOCK_SKEW_SECONDS/,
    );
  });

  it("gives quiet members a cycle of at least a millisecond", () => {
    // The live window comes down with it: the quiet cycle may not be shorter (below).
    expect(
      parseSettings({ FANOUT_QUIET_DELAY_MS: "1", FANOUT_LIVE_DELAY_MS: "1" })
        .FANOUT_QUIET_DELAY_MS,
    ).toBe(1);
    expect(() => parseSettings({ FANOUT_QUIET_DELAY_MS: "0" })).toThrow(
      /FANOUT_QUIET_DELAY_MS must be at least 1/,
    );
  });

  it("gives the live window a floor of a millisecond: at 0 the room would look again at once, forever", () => {
    const edge = parseSettings({ FANOUT_LIVE_DELAY_MS: "1", FANOUT_QUIET_DELAY_MS: "1" });
    expect(edge.FANOUT_LIVE_DELAY_MS).toBe(1);
    expect(() => parseSettings({ FANOUT_LIVE_DELAY_MS: "0" })).toThrow(
      /FANOUT_LIVE_DELAY_MS must be at least 1/,
    );
  });

  it("keeps the quiet cycle at least as long as the live window", () => {
    const equal = parseSettings({ FANOUT_LIVE_DELAY_MS: "700", FANOUT_QUIET_DELAY_MS: "700" });
    expect(equal.FANOUT_QUIET_DELAY_MS).toBe(700);
    expect(() =>
      parseSettings({ FANOUT_LIVE_DELAY_MS: "700", FANOUT_QUIET_DELAY_MS: "699" }),
    ).toThrow(/FANOUT_QUIET_DELAY_MS must not be shorter than FANOUT_LIVE_DELAY_MS/);
  });

  it.each([
    ["FANOUT_RETRY_MS", "FANOUT_RETRY_MAX_MS"],
    ["ARCHIVE_RETRY_MS", "ARCHIVE_RETRY_MAX_MS"],
  ])("keeps the first retry %s no longer than %s", (base, max) => {
    expect(parseSettings({ [base]: "5000", [max]: "5000" })[base as "FANOUT_RETRY_MS"]).toBe(5000);
    expect(() => parseSettings({ [base]: "5001", [max]: "5000" })).toThrow(
      new RegExp(`${base} must not be longer than ${max}`),
    );
  });

  it.each([
    ["HISTORY_PAGE_DEFAULT", "HISTORY_PAGE_MAX"],
    ["INBOX_PAGE_DEFAULT", "INBOX_PAGE_MAX"],
    ["SEARCH_PAGE_DEFAULT", "SEARCH_PAGE_MAX"],
  ])("keeps the default page %s within %s", (page, max) => {
    expect(parseSettings({ [page]: "30", [max]: "30" })[page as "HISTORY_PAGE_DEFAULT"]).toBe(30);
    expect(() => parseSettings({ [page]: "31", [max]: "30" })).toThrow(
      new RegExp(`${page} must not be larger than ${max}`),
    );
  });

  it("takes every bound from the table: each number setting refuses one below its min and one above its max", () => {
    for (const key of SETTING_KEYS) {
      const entry = SETTINGS_TABLE[key];
      if (!("min" in entry)) continue;
      if (entry.min > 0) {
        expect(() => parseSettings({ [key]: String(entry.min - 1) })).toThrow(
          `${key} must be at least ${entry.min}`,
        );
      }
      if ("max" in entry) {
        expect(() => parseSettings({ [key]: String(entry.max + 1) })).toThrow(
          `${key} must be at most ${entry.max}`,
        );
      }
    }
  });

  it("keeps the defaults within their own bounds and checks", () => {
    for (const key of SETTING_KEYS) {
      const entry = SETTINGS_TABLE[key];
      if (!("min" in entry)) continue;
      expect(entry.default, key).toBeGreaterThanOrEqual(entry.min);
      if ("max" in entry) expect(entry.default, key).toBeLessThanOrEqual(entry.max);
    }
    expect(() => parseSettings({ ...DEFAULT_SETTINGS, ALLOWED_ORIGINS: "" })).not.toThrow();
  });
});
