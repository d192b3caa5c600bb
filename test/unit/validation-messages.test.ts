/**
 * Every body, query and frame schema, field by field: a wrong value is refused with a message
 * that names the field and says why in words, and a string that is not well-formed Unicode
 * is refused wherever it appears.
 */
import type * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  AddMembersBody,
  CreateRoomBody,
  HistoryQuery,
  MarkReadBody,
  MuteBody,
  NotificationPrefsBody,
  PresenceSettingsBody,
  parseBody,
  parseClientFrame,
  RefreshBody,
  RenameRoomBody,
  SearchQuery,
  SendMessageBody,
  SetRoleBody,
  SignInBody,
  SignUpBody,
  SocketQuery,
  UpdateProfileBody,
  UserLookupQuery,
} from "../../src/protocol";

type Example = [name: string, schema: v.GenericSchema, valid: Record<string, unknown>];

const BODIES: Example[] = [
  [
    "sign-up",
    SignUpBody,
    { username: "alice", displayName: "Alice", password: "12345678", deviceName: "phone" },
  ],
  ["sign-in", SignInBody, { username: "alice", password: "12345678", deviceName: "phone" }],
  ["refresh", RefreshBody, { refreshToken: "abc" }],
  ["profile", UpdateProfileBody, { displayName: "Alice" }],
  ["direct room", CreateRoomBody, { kind: "direct", userId: "u1" }],
  ["group room", CreateRoomBody, { kind: "group", title: "Team", memberIds: ["u1"] }],
  ["rename", RenameRoomBody, { title: "Team" }],
  ["add members", AddMembersBody, { userIds: ["u1"] }],
  ["role", SetRoleBody, { role: "admin" }],
  ["send", SendMessageBody, { clientMsgId: "c1", body: "hello" }],
  ["mute", MuteBody, { muted: true }],
  ["do not disturb", NotificationPrefsBody, { doNotDisturbUntil: 5 }],
  ["presence", PresenceSettingsBody, { hidden: false }],
  ["read", MarkReadBody, { seq: 3 }],
];

const QUERIES: Example[] = [
  ["history", HistoryQuery, { before: "10", after: undefined, limit: "5" }],
  ["users", UserLookupQuery, { ids: "a,b" }],
  ["search", SearchQuery, { q: "apple", roomId: "grp:x", limit: "5" }],
  ["socket", SocketQuery, { ticket: "t" }],
];

const FRAMES: Record<string, unknown>[] = [
  { type: "hello", id: "f1", cursor: 0 },
  { type: "send", id: "f1", roomId: "grp:x", clientMsgId: "c1", body: "hi" },
  { type: "cursor", id: "f1", cursor: 4 },
  { type: "read", id: "f1", roomId: "grp:x", seq: 4 },
  { type: "watch", id: "f1", roomId: "grp:x" },
  { type: "typing", id: "f1", roomId: "grp:x", active: true },
];

const WRONG: unknown[] = [5, -1.5, "x", "", true, null, {}, [], [5]];
/** Valibot's own wording, which must never reach a client. */
const RAW = /Invalid|Expected|received|never|undefined/;

function defined(example: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(example).filter(([, value]) => value !== undefined));
}

function frameResult(frame: Record<string, unknown>) {
  return parseClientFrame(JSON.stringify(frame), 65536);
}

describe("validation messages", () => {
  it("accept every example as given", () => {
    for (const [name, schema, valid] of [...BODIES, ...QUERIES]) {
      expect(parseBody(schema, defined(valid)).ok, name).toBe(true);
    }
    for (const frame of FRAMES) expect(frameResult(frame).ok, String(frame.type)).toBe(true);
  });

  it("name the field and say why, for every wrong value of every field", () => {
    for (const [name, schema, valid] of [...BODIES, ...QUERIES]) {
      for (const key of Object.keys(valid)) {
        for (const wrong of WRONG) {
          const result = parseBody(schema, { ...defined(valid), [key]: wrong });
          if (result.ok) continue; // some wrong-looking values are fine ("" for an optional id)
          const message = result.error.message;
          expect(message, `${name}.${key} = ${JSON.stringify(wrong)}`).toContain(key);
          expect(message, `${name}.${key} = ${JSON.stringify(wrong)}`).not.toMatch(RAW);
        }
      }
    }
    for (const frame of FRAMES) {
      for (const key of Object.keys(frame).filter((k) => k !== "type")) {
        for (const wrong of WRONG) {
          const result = frameResult({ ...frame, [key]: wrong });
          if (result.ok) continue;
          const where = `${String(frame.type)}.${key} = ${JSON.stringify(wrong)}`;
          expect(result.error.message, where).toContain(key);
          expect(result.error.message, where).not.toMatch(RAW);
        }
      }
    }
  });

  it("say which field is unknown, which is missing, and what a list item should be", () => {
    expect(parseBody(SignUpBody, { ...defined(BODIES[0]?.[2] ?? {}), x: 1 })).toEqual({
      ok: false,
      error: { code: "validation_failed", message: 'unknown field "x"' },
    });
    expect(parseBody(SignUpBody, { displayName: "A", password: "12345678" })).toMatchObject({
      error: { message: "username is required" },
    });
    expect(parseBody(AddMembersBody, { userIds: ["a", 7] })).toMatchObject({
      error: { message: "userIds[1] must be a string" },
    });
    expect(parseBody(CreateRoomBody, { kind: "channel" })).toMatchObject({
      error: { message: 'kind must be "direct" or "group"' },
    });
    expect(parseBody(SignUpBody, "alice")).toMatchObject({
      error: { message: "request body must be an object" },
    });
    expect(frameResult({ type: "hello", cursor: "7" })).toMatchObject({
      error: { message: "cursor must be a number" },
    });
    expect(frameResult({ type: "hello", cursor: 1.5 })).toMatchObject({
      error: { message: "cursor must be a whole number" },
    });
    expect(frameResult({ type: "typing", roomId: "grp:x", spoof: 1 })).toMatchObject({
      error: { message: 'unknown field "spoof"' },
    });
    expect(
      parseBody(SearchQuery, { q: "a", page: "2" }, { noun: "parameter", root: "query" }),
    ).toMatchObject({ error: { message: 'unknown parameter "page"' } });
    expect(
      parseBody(HistoryQuery, { befor: "4" }, { noun: "parameter", root: "query" }),
    ).toMatchObject({ error: { message: 'unknown parameter "befor"' } });
  });
});

describe("text that is not well-formed Unicode", () => {
  const LONE = ["\ud800", "a\ud83d", "\ude00b", "\udc00\ud800", "ok\udfff"];
  /**
   * What a parse came to, as text that is itself well-formed (JSON escapes any lone
   * surrogate): a failing assertion must not carry one to the test runner's socket.
   */
  const outcome = (result: { ok: boolean; error?: { code: string; message: string } }) =>
    result.ok ? "accepted" : JSON.stringify(`${result.error?.code}: ${result.error?.message}`);

  it("is refused in every string field of every body, query and frame", () => {
    for (const [name, schema, valid] of [...BODIES, ...QUERIES]) {
      for (const [key, value] of Object.entries(defined(valid))) {
        if (typeof value !== "string" && !Array.isArray(value)) continue;
        for (const lone of LONE) {
          const bad = Array.isArray(value) ? [lone] : lone;
          const result = outcome(parseBody(schema, { ...defined(valid), [key]: bad }));
          expect(result, `${name}.${key}`).toMatch(
            new RegExp(`^"validation_failed: ${key}(\\[0\\])? is not well-formed Unicode`),
          );
        }
      }
    }
    for (const frame of FRAMES) {
      for (const [key, value] of Object.entries(frame)) {
        if (typeof value !== "string" || key === "type") continue;
        const result = frameResult({ ...frame, [key]: "\ud800" });
        expect(outcome(result), `${String(frame.type)}.${key}`).toMatch(/^"validation_failed/);
        // An id that is not text is never echoed back as `ref`.
        if (key === "id") expect("ref" in result).toBe(false);
      }
    }
  });

  it("is refused in field names and deep inside lists, and whole pairs are fine", () => {
    expect(outcome(parseBody(SendMessageBody, { clientMsgId: "c", body: "x", "\ud800": 1 }))).toBe(
      JSON.stringify(
        "validation_failed: a name in request body is not well-formed Unicode (it has a lone surrogate)",
      ),
    );
    const members = ["a", "b\udbff"];
    expect(
      outcome(parseBody(CreateRoomBody, { kind: "group", title: "t", memberIds: members })),
    ).toContain("memberIds[1] is not well-formed");
    expect(parseBody(SendMessageBody, { clientMsgId: "😀", body: "🚲 \ud83d\ude00" }).ok).toBe(
      true,
    );
    // Deep nesting is walked without recursion.
    const deep = JSON.parse(`${"[".repeat(20000)}"\\ud800"${"]".repeat(20000)}`);
    expect(parseBody(SendMessageBody, deep).ok).toBe(false);
  });

  it("is refused at sign-in too, password and username, before any credential check", () => {
    for (const body of [
      { username: "alice", password: "12345678\ud800" },
      { username: "al\udc00ice", password: "12345678" },
    ]) {
      expect(outcome(parseBody(SignInBody, body))).toMatch(/^"validation_failed: \w+ is not well/);
    }
  });
});
