import { describe, expect, it } from "vitest";
import { cutText as cut } from "../../src/protocol";
import { PUSH_PLAINTEXT_MAX } from "../../src/push/aes128gcm";
import type { PushJob } from "../../src/push/job";
import { parsePushJob } from "../../src/push/job";
import { composePayload, encodePayload } from "../../src/push/payload";

const job: PushJob = {
  v: 1,
  userId: "u",
  roomId: "grp:1",
  seq: 9,
  kind: "message",
  from: "s",
  text: "hello there",
  at: 5,
};
const base = {
  job,
  room: { kind: "group" as const, title: "Team" },
  senderName: "Alice",
  unread: 1,
  badge: 4,
  close: ["dm:a:b"],
  previews: true,
  previewChars: 140,
};

describe("what a push says", () => {
  it("a group: its title, the sender and the text; a direct room: the sender, the text", () => {
    expect(composePayload(base)).toEqual({
      v: 1,
      roomId: "grp:1",
      seq: 9,
      title: "Team",
      body: "Alice: hello there",
      tag: "room:grp:1",
      url: "/rooms/grp%3A1",
      unread: 1,
      badge: 4,
      close: ["dm:a:b"],
      at: 5,
    });
    const direct = composePayload({ ...base, room: { kind: "direct", title: null } });
    expect([direct.title, direct.body]).toEqual(["Alice", "hello there"]);
  });

  it("no text with previews off; being added; an unknown sender", () => {
    expect(composePayload({ ...base, previews: false }).body).toBe("New message");
    expect(composePayload({ ...base, previews: false, unread: 3 }).body).toBe("3 new messages");
    const added = composePayload({ ...base, job: { ...job, kind: "added", text: "" } });
    expect(added.body).toBe("Alice added you");
    expect(composePayload({ ...base, senderName: null }).body).toBe("Someone: hello there");
  });

  it("a post of an object chat's object: the object's title, the text, no sender", () => {
    const posted = composePayload({
      ...base,
      job: { ...job, roomId: "obj:o:a", kind: "object", from: "object", text: "Battery at 15%" },
      room: { kind: "object", title: "E-bike 7" },
      senderName: null,
    });
    expect([posted.title, posted.body]).toEqual(["E-bike 7", "Battery at 15%"]);
  });

  it("cuts the text at PUSH_PREVIEW_CHARS characters, not bytes or UTF-16 units", () => {
    expect(cut("abcdef", 6)).toBe("abcdef");
    expect(cut("abcdefg", 6)).toBe("abcde…");
    expect(cut("😀😀😀", 2)).toBe("😀…");
    const long = composePayload({
      ...base,
      previewChars: 10,
      job: { ...job, text: "x".repeat(50) },
    });
    expect([...long.body]).toHaveLength(10);
  });

  it("always fits one push: the body is cut, then the rooms to close dropped", () => {
    const huge = composePayload({
      ...base,
      previewChars: 4000,
      job: { ...job, text: "가".repeat(4000) },
      close: Array.from({ length: 20 }, (_, i) => `dm:${"a".repeat(36)}:${i}`),
    });
    const bytes = encodePayload(huge);
    expect(bytes.length).toBeLessThanOrEqual(PUSH_PLAINTEXT_MAX);
    const decoded = JSON.parse(new TextDecoder().decode(bytes));
    expect(decoded.body.endsWith("…")).toBe(true);
    expect(decoded.roomId).toBe("grp:1");
    // One that fits is left exactly as it is.
    expect(JSON.parse(new TextDecoder().decode(encodePayload(composePayload(base))))).toEqual(
      composePayload(base),
    );
  });
});

describe("a queued job", () => {
  it("is parsed, and anything else is refused", () => {
    expect(parsePushJob(job)).toEqual(job);
    expect(parsePushJob({ ...job, v: 2 })).toBeNull();
    expect(parsePushJob({ ...job, seq: 0 })).toBeNull();
    expect(parsePushJob({ ...job, kind: "other" })).toBeNull();
    expect(parsePushJob({ ...job, extra: 1 })).toBeNull();
    expect(parsePushJob("text")).toBeNull();
    expect(parsePushJob({ ...job, text: "x".repeat(4001) })).toBeNull();
  });
});
