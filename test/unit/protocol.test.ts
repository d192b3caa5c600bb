import { describe, expect, it } from "vitest";
import {
  type ChatMessage,
  directPeer,
  LIMITS,
  messageUserIds,
  parseBody,
  parseClientFrame,
  SignInBody,
  SignUpBody,
} from "../../src/protocol";

const MAX = 1024;
const signUp = (over: Record<string, unknown>) =>
  parseBody(SignUpBody, { username: "alice", displayName: "Alice", password: "12345678", ...over });

describe("client frames", () => {
  it("parses hello with and without a cursor", () => {
    expect(parseClientFrame('{"type":"hello","id":"1","cursor":42}', MAX)).toEqual({
      ok: true,
      value: { type: "hello", id: "1", cursor: 42 },
    });
    expect(parseClientFrame('{"type":"hello"}', MAX)).toMatchObject({ ok: true });
  });

  it("refuses malformed JSON", () => {
    expect(parseClientFrame("{nope", MAX)).toMatchObject({
      ok: false,
      error: { code: "invalid_json" },
    });
  });

  it("refuses frames without a string type", () => {
    for (const raw of ["[]", "42", '"hello"', '{"kind":"hello"}', '{"type":7}', "null"]) {
      expect(parseClientFrame(raw, MAX)).toMatchObject({
        ok: false,
        error: { code: "bad_request" },
      });
    }
  });

  it("names unknown frame types and echoes the id", () => {
    expect(parseClientFrame('{"type":"launch","id":"x9"}', MAX)).toEqual({
      ok: false,
      ref: "x9",
      error: { code: "unknown_frame", message: 'unknown frame type "launch"' },
    });
  });

  it("refuses a spoofed field and bad cursors as validation errors", () => {
    for (const raw of [
      '{"type":"hello","userId":"someone-else"}',
      '{"type":"hello","cursor":-1}',
      '{"type":"hello","cursor":1.5}',
      '{"type":"hello","cursor":"7"}',
    ]) {
      expect(parseClientFrame(raw, MAX)).toMatchObject({
        ok: false,
        error: { code: "validation_failed" },
      });
    }
  });

  it("accepts a frame of exactly the limit and refuses one byte more, counting UTF-8 bytes", () => {
    const frame = (n: number) => `{"type":"hello","id":"${"x".repeat(n)}"}`;
    const base = frame(0).length;
    expect(parseClientFrame(frame(LIMITS.frameIdMax), base + LIMITS.frameIdMax).ok).toBe(true);
    expect(parseClientFrame(frame(LIMITS.frameIdMax), base + LIMITS.frameIdMax - 1)).toMatchObject({
      ok: false,
      error: { code: "payload_too_large" },
    });
    // 10 Hangul syllables are 10 UTF-16 units but 30 bytes.
    const korean = `{"type":"hello","id":"${"가".repeat(10)}"}`;
    expect(parseClientFrame(korean, korean.length + 5)).toMatchObject({
      ok: false,
      error: { code: "payload_too_large" },
    });
  });

  it("refuses binary frames", () => {
    expect(parseClientFrame(new ArrayBuffer(4), MAX)).toMatchObject({
      ok: false,
      error: { code: "bad_request" },
    });
  });

  it("limits frame ids", () => {
    const id = "i".repeat(LIMITS.frameIdMax + 1);
    expect(parseClientFrame(`{"type":"hello","id":"${id}"}`, 4096)).toMatchObject({ ok: false });
  });
});

describe("request bodies at their limits", () => {
  it("usernames: 3 to 32 of [a-z0-9_], lowercased", () => {
    expect(signUp({ username: "abc" }).ok).toBe(true);
    expect(signUp({ username: "ab" }).ok).toBe(false);
    expect(signUp({ username: "a".repeat(LIMITS.usernameMax) }).ok).toBe(true);
    expect(signUp({ username: "a".repeat(LIMITS.usernameMax + 1) }).ok).toBe(false);
    expect(signUp({ username: "Alice_01" })).toMatchObject({
      ok: true,
      value: { username: "alice_01" },
    });
    expect(signUp({ username: "앨리스" }).ok).toBe(false);
  });

  it("passwords: 8 to 256 characters, counted as people count them", () => {
    expect(signUp({ password: "1234567" }).ok).toBe(false);
    expect(signUp({ password: "비밀번호비밀번호" }).ok).toBe(true); // 8 characters, 24 bytes
    expect(signUp({ password: "🔑".repeat(8) }).ok).toBe(true); // 8 code points, 16 UTF-16 units
    expect(signUp({ password: "x".repeat(LIMITS.passwordMax) }).ok).toBe(true);
    expect(signUp({ password: "x".repeat(LIMITS.passwordMax + 1) }).ok).toBe(false);
  });

  it("passwords are NFC-normalised but not trimmed", () => {
    const decomposed = "\u1100\u1161\u11A8password"; // 각 as jamo
    const parsed = signUp({ password: ` ${decomposed} ` });
    expect(parsed).toMatchObject({
      ok: true,
      value: { password: ` ${decomposed.normalize("NFC")} ` },
    });
  });

  it("display names count characters, not UTF-16 units, and refuse invisible characters", () => {
    expect(signUp({ displayName: "😀".repeat(LIMITS.displayNameMax) }).ok).toBe(true);
    expect(signUp({ displayName: "😀".repeat(LIMITS.displayNameMax + 1) }).ok).toBe(false);
    expect(signUp({ displayName: "👨‍👩‍👧 family" }).ok).toBe(true); // ZWJ sequences are fine
    for (const bad of ["\u200B", "evil\u202Etxt.exe", "a\u0007b", "na\uFEFFme"]) {
      expect(signUp({ displayName: bad })).toMatchObject({
        ok: false,
        error: { code: "validation_failed" },
      });
    }
  });

  it("display names: trimmed, 1 to 64 characters", () => {
    expect(signUp({ displayName: "  " }).ok).toBe(false);
    expect(signUp({ displayName: "가".repeat(LIMITS.displayNameMax) }).ok).toBe(true);
    expect(signUp({ displayName: "가".repeat(LIMITS.displayNameMax + 1) }).ok).toBe(false);
  });

  it("sign-in accepts any plausible strings so a bad username reads as a bad credential", () => {
    expect(parseBody(SignInBody, { username: "x", password: "y" }).ok).toBe(true);
    expect(parseBody(SignInBody, { username: 5, password: "y" })).toMatchObject({
      ok: false,
      error: { code: "validation_failed" },
    });
  });
});

describe("who a room or message names", () => {
  const system = (event: ChatMessage["system"]): ChatMessage => ({
    roomId: "grp:g",
    seq: 2,
    kind: "system",
    senderId: null,
    body: "",
    createdAt: 1,
    ...(event ? { system: event } : {}),
  });

  it("finds the other member of a direct room, and none in a group", () => {
    expect(directPeer({ id: "dm:a:b", kind: "direct" }, "a")).toBe("b");
    expect(directPeer({ id: "dm:a:b", kind: "direct" }, "b")).toBe("a");
    expect(directPeer({ id: "grp:x", kind: "group" }, "a")).toBeNull();
  });

  it("names a message's sender and the people its system event is about", () => {
    expect(messageUserIds({ ...system(undefined), kind: "text", senderId: "s" })).toEqual(["s"]);
    expect(messageUserIds(system({ type: "joined", by: "o", userIds: ["x", "y"] }))).toEqual([
      "o",
      "x",
      "y",
    ]);
    expect(messageUserIds(system({ type: "left", userId: "x" }))).toEqual(["x"]);
    expect(messageUserIds(system({ type: "role", by: null, userId: "x", role: "owner" }))).toEqual([
      "x",
    ]);
  });
});
