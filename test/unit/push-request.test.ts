import { describe, expect, it } from "vitest";
import { backoffSeconds, retryDelay } from "../../src/push/consumer";
import { outcomeOf, retryAfterSeconds, roomTopic } from "../../src/push/request";
import { isPushService } from "../../src/push/services";
import { DEFAULT_SETTINGS } from "../../src/settings";

const answer = (status: number, headers: Record<string, string> = {}) =>
  new Response(null, { status, headers });

describe("a push service's answer", () => {
  it("2xx sent; 404 and 410 gone; 429 and 5xx again later; other 4xx refused for good", () => {
    expect(outcomeOf(answer(201), 0)).toEqual({ kind: "sent" });
    expect(outcomeOf(answer(404), 0)).toEqual({ kind: "gone" });
    expect(outcomeOf(answer(410), 0)).toEqual({ kind: "gone" });
    expect(outcomeOf(answer(429, { "Retry-After": "30" }), 0)).toEqual({
      kind: "retry",
      afterSeconds: 30,
    });
    expect(outcomeOf(answer(503), 0)).toEqual({ kind: "retry", afterSeconds: null });
    expect(outcomeOf(answer(400), 0)).toEqual({ kind: "failed", status: 400 });
    expect(outcomeOf(answer(413), 0)).toEqual({ kind: "failed", status: 413 });
  });

  it("reads Retry-After as seconds or as a date", () => {
    const now = Date.parse("2026-12-05T12:00:00Z");
    expect(retryAfterSeconds("120", now)).toBe(120);
    expect(retryAfterSeconds("Sat, 05 Dec 2026 12:01:30 GMT", now)).toBe(90);
    expect(retryAfterSeconds("Sat, 05 Dec 2026 11:00:00 GMT", now)).toBe(0);
    expect(retryAfterSeconds("soon", now)).toBeNull();
    expect(retryAfterSeconds(null, now)).toBeNull();
  });
});

describe("retrying a job", () => {
  const settings = DEFAULT_SETTINGS;
  it("doubles from PUSH_RETRY_SECONDS per attempt, up to PUSH_RETRY_MAX_SECONDS", () => {
    expect([1, 2, 3].map((a) => backoffSeconds(a, settings))).toEqual([10, 20, 40]);
    expect(backoffSeconds(30, settings)).toBe(3_600);
  });

  it("waits as long as the slowest service asked, never past the maximum; none when done", () => {
    const retry = (afterSeconds: number | null) => ({ kind: "retry" as const, afterSeconds });
    expect(retryDelay([{ kind: "sent" }, { kind: "gone" }], 1, settings)).toBeNull();
    expect(retryDelay([retry(5), retry(60), { kind: "sent" }], 1, settings)).toBe(60);
    expect(retryDelay([retry(null)], 2, settings)).toBe(20);
    expect(retryDelay([retry(86_400)], 1, settings)).toBe(3_600);
  });
});

describe("the push services a subscription may name", () => {
  const services = DEFAULT_SETTINGS.PUSH_SERVICES;
  it("are the listed origins and the subdomains of a `*.` entry, nothing else", () => {
    expect(isPushService("https://fcm.googleapis.com/fcm/send/abc", services)).toBe(true);
    expect(isPushService("https://wns2-by3p.notify.windows.com/w/?token=x", services)).toBe(true);
    expect(isPushService("https://web.push.apple.com/QGx", services)).toBe(true);
    expect(isPushService("https://updates.push.services.mozilla.com/wpush/v2/x", services)).toBe(
      true,
    );
    expect(isPushService("http://fcm.googleapis.com/fcm/send/abc", services)).toBe(false);
    expect(isPushService("https://fcm.googleapis.com:8443/x", services)).toBe(false);
    expect(isPushService("https://notify.windows.com.evil.test/x", services)).toBe(false);
    expect(isPushService("https://evilnotify.windows.com/x", services)).toBe(false);
    expect(isPushService("https://user:pw@fcm.googleapis.com/x", services)).toBe(false);
    expect(isPushService("https://127.0.0.1/x", services)).toBe(false);
    expect(isPushService("not a url", services)).toBe(false);
  });
});

describe("a room's Topic", () => {
  it("is 32 base64url characters, the same for a room, different between rooms", async () => {
    const a = await roomTopic("grp:1");
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await roomTopic("grp:1")).toBe(a);
    expect(await roomTopic("grp:2")).not.toBe(a);
  });
});
