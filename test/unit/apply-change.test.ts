/**
 * applyChange and applyChanges (src/protocol/changes.ts): the one rule by which the room,
 * the sessions and the clients turn a message and later events into the message as it is
 * now. Applying is idempotent and ordered by `version`.
 */
import { describe, expect, it } from "vitest";
import { applyChange, applyChanges, type ChatMessage, hiddenForm } from "../../src/protocol";

const base = { roomId: "grp:x", createdAt: 100 };
const text: ChatMessage = { ...base, seq: 2, kind: "text", senderId: "a", body: "hello" };
const event = (seq: number, fields: Partial<ChatMessage>): ChatMessage => ({
  ...base,
  seq,
  senderId: "b",
  body: "",
  kind: "reaction",
  target: 2,
  createdAt: 100 + seq,
  ...fields,
});

describe("applyChange", () => {
  it("edits, and skips an event at or below the message's version", () => {
    const edited = applyChange(text, event(3, { kind: "edit", senderId: "a", body: "hi" }));
    expect(edited).toMatchObject({ body: "hi", editedAt: 103, version: 3 });
    expect(applyChange(edited, event(3, { kind: "edit", body: "again" }))).toBe(edited);
    expect(applyChange(edited, event(2, { kind: "edit", body: "older" }))).toBe(edited);
    // An event about another message, or another room, changes nothing.
    expect(applyChange(text, event(4, { kind: "edit", target: 9, body: "x" }))).toBe(text);
    expect(applyChange(text, { ...event(4, { kind: "edit", body: "x" }), roomId: "grp:y" })).toBe(
      text,
    );
  });

  it("toggles reactions per member and emoji, in the order first put", () => {
    let m = text;
    m = applyChange(m, event(3, { emoji: "👍", on: true, senderId: "b" }));
    m = applyChange(m, event(4, { emoji: "❤️", on: true, senderId: "c" }));
    m = applyChange(m, event(5, { emoji: "👍", on: true, senderId: "c" }));
    m = applyChange(m, event(6, { emoji: "👍", on: true, senderId: "b" })); // already
    expect(m.reactions).toEqual([
      { emoji: "👍", userIds: ["b", "c"] },
      { emoji: "❤️", userIds: ["c"] },
    ]);
    m = applyChange(m, event(7, { emoji: "❤️", on: false, senderId: "c" }));
    m = applyChange(m, event(8, { emoji: "👍", on: false, senderId: "b" }));
    expect(m.reactions).toEqual([{ emoji: "👍", userIds: ["c"] }]);
    m = applyChange(m, event(9, { emoji: "👍", on: false, senderId: "c" }));
    expect(m).not.toHaveProperty("reactions");
    expect(m.version).toBe(9);
  });

  it("redacts on delete: text, files, reactions and edits go, and nothing applies after", () => {
    const withFiles: ChatMessage = {
      ...text,
      kind: "attachment",
      replyTo: 1,
      attachments: [
        {
          id: "f",
          type: "image/png",
          size: 1,
          name: "a.png",
          width: null,
          height: null,
          thumbId: null,
        },
      ],
      reactions: [{ emoji: "👍", userIds: ["b"] }],
      editedAt: 101,
      version: 3,
    };
    const deleted = applyChange(withFiles, event(5, { kind: "delete", senderId: "a" }));
    expect(deleted).toEqual({
      ...base,
      seq: 2,
      kind: "attachment",
      senderId: "a",
      body: "",
      replyTo: 1,
      deletedAt: 105,
      version: 5,
    });
    expect(applyChange(deleted, event(6, { kind: "edit", body: "back" }))).toBe(deleted);
    const anEdit = event(3, { kind: "edit", body: "secret" });
    expect(applyChange(anEdit, event(5, { kind: "delete" }))).toMatchObject({
      body: "",
      version: 5,
    });
  });
});

describe("hiddenForm", () => {
  it("keeps the message's place and leaves out its content, and no event applies to it", () => {
    const rich: ChatMessage = {
      ...text,
      replyTo: 1,
      clientMsgId: "c",
      editedAt: 150,
      reactions: [{ emoji: "👍", userIds: ["b"] }],
      version: 5,
    };
    const hidden = hiddenForm(rich);
    expect(hidden).toEqual({
      ...base,
      seq: 2,
      kind: "text",
      senderId: "a",
      clientMsgId: "c",
      replyTo: 1,
      body: "",
      hidden: true,
    });
    for (const later of [
      event(6, { kind: "edit", senderId: "a", body: "back?" }),
      event(7, { emoji: "😂", on: true }),
      event(8, { kind: "delete", senderId: "a" }),
    ]) {
      expect(applyChange(hidden, later)).toBe(hidden);
    }
  });
});

describe("applyChanges", () => {
  it("applies every held event in seq order, whatever order they came in", () => {
    const held = new Map<number, ChatMessage>([
      [5, event(5, { kind: "delete", senderId: "a" })],
      [2, text],
      [3, event(3, { kind: "edit", senderId: "a", body: "secret" })],
      [4, event(4, { emoji: "👍", on: true })],
      [6, event(6, { target: 99, emoji: "👍", on: true })],
    ]);
    applyChanges(held);
    expect(held.get(2)).toMatchObject({ body: "", deletedAt: 105, version: 5 });
    expect(held.get(2)).not.toHaveProperty("reactions");
    expect(held.get(3)?.body).toBe("");
    expect(held.get(6)).toEqual(event(6, { target: 99, emoji: "👍", on: true }));
  });
});
