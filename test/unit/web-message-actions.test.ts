/** The web client's message actions: which apply to which message, in the menu's order. */
import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../src/protocol";
import {
  type ActionContext,
  actionsFor,
  deletableForEveryone,
  EDIT_WINDOW_MS,
} from "../../web/src/state/message-actions";
import { textMessage } from "../worker/messages";

const NOW = 1_800_000_000_000;
const member: ActionContext = {
  me: "me",
  canWrite: true,
  member: true,
  deleteAny: false,
  now: NOW,
};
const ids = (message: ChatMessage, context = member) =>
  actionsFor(message, context).map((a) => a.id);
const photo = {
  id: "f1",
  type: "image/jpeg" as const,
  size: 8,
  name: "cat.jpg",
  width: 4,
  height: 3,
  thumbId: null,
};
/** A message sent `ago` ms before NOW. */
const sent = (fields: Partial<ChatMessage>, ago = 60_000) =>
  textMessage(2, { createdAt: NOW - ago, ...fields });

describe("a message's actions", () => {
  it("are Reply, React, Copy, Delete (for me) and Report for another's text, in that order", () => {
    const theirs = ["reply", "react", "copy", "delete", "report"];
    expect(ids(sent({ senderId: "ann" }))).toEqual(theirs);
    expect(actionsFor(sent({ senderId: "ann" }), member).map((a) => a.label)).toEqual(theirs);
  });

  it("are Reply, React, Copy, Edit and Delete for the user's own, never Report", () => {
    expect(ids(sent({ senderId: "me" }))).toEqual(["reply", "react", "copy", "edit", "delete"]);
  });

  it("copy only what has text: a photo's caption, not a photo alone", () => {
    const withCaption = sent({ kind: "attachment", attachments: [photo], body: "hi" });
    expect(ids(withCaption)).toEqual(["reply", "react", "copy", "delete", "report"]);
    expect(ids({ ...withCaption, body: "" })).toEqual(["reply", "react", "delete", "report"]);
    expect(ids({ ...withCaption, body: "  " })).toEqual(["reply", "react", "delete", "report"]);
    // The user's own photo: its caption (even an empty one) can be edited.
    expect(ids({ ...withCaption, senderId: "me", body: "" })).toEqual([
      "reply",
      "react",
      "edit",
      "delete",
    ]);
  });

  it("on an object's post: reply, react, copy, delete and report; no one edits it, nor deletes it for everyone", () => {
    const post = sent({ kind: "object", senderId: null, body: "price drop" });
    const all = ["reply", "react", "copy", "delete", "report"];
    expect(ids(post)).toEqual(all);
    expect(ids(post, { ...member, deleteAny: true })).toEqual(all);
    expect(deletableForEveryone(post, { ...member, deleteAny: true })).toBe(false);
  });

  it("none on a system message, nor on an event that changes another", () => {
    const system = textMessage(1, {
      kind: "system",
      senderId: null,
      body: "",
      system: { type: "left", userId: "ann" },
    });
    expect(ids(system)).toEqual([]);
    // Its body, if it had one, would be no one's text to copy.
    expect(ids({ ...system, body: "Ann left" })).toEqual([]);
    for (const kind of ["edit", "delete", "reaction"] as const) {
      expect(ids(sent({ kind, senderId: "me", body: "new", target: 1 }))).toEqual([]);
    }
  });

  it("only Delete (for me) on a message deleted for everyone; none on one deleted for me", () => {
    for (const senderId of ["me", "ann"]) {
      const gone = sent({ senderId, body: "", deletedAt: NOW });
      expect(ids(gone)).toEqual(["delete"]);
      expect(deletableForEveryone(gone, member)).toBe(false);
      expect(ids(sent({ senderId, body: "", hidden: true }))).toEqual([]);
    }
  });

  it("Edit only within the edit window after sending", () => {
    expect(ids(sent({ senderId: "me" }, EDIT_WINDOW_MS - 1))).toContain("edit");
    expect(ids(sent({ senderId: "me" }, EDIT_WINDOW_MS))).not.toContain("edit");
    expect(EDIT_WINDOW_MS).toBe(24 * 60 * 60 * 1000); // the server's default
  });

  it("Delete for everyone on another's message only for who may delete anyone's (a group's admins)", () => {
    expect(deletableForEveryone(sent({ senderId: "ann" }), member)).toBe(false);
    expect(deletableForEveryone(sent({ senderId: "ann" }), { ...member, deleteAny: true })).toBe(
      true,
    );
    expect(deletableForEveryone(sent({ senderId: "me" }), member)).toBe(true);
  });

  it("where the user cannot write (read-only, a block): only Copy, Delete and Report", () => {
    const closed = { ...member, canWrite: false };
    expect(ids(sent({ senderId: "ann" }), closed)).toEqual(["copy", "delete", "report"]);
    expect(ids(sent({ senderId: "me" }), closed)).toEqual(["copy", "delete"]);
  });

  it("once the user left: only Copy", () => {
    const left = { ...member, canWrite: false, member: false };
    expect(ids(sent({ senderId: "ann" }), left)).toEqual(["copy"]);
    expect(ids(sent({ senderId: "me" }), left)).toEqual(["copy"]);
  });
});
