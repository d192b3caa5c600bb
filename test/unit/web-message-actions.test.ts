/** The web client's message actions: which apply to which message, in the menu's order. */
import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../src/protocol";
import { type ActionContext, actionsFor } from "../../web/src/state/message-actions";
import { textMessage } from "../worker/messages";

const member: ActionContext = { me: "me", canWrite: true };
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

describe("a message's actions", () => {
  it("are Reply and Copy for text, mine or another's", () => {
    expect(ids(textMessage(2, { senderId: "ann" }))).toEqual(["reply", "copy"]);
    expect(ids(textMessage(2, { senderId: "me" }))).toEqual(["reply", "copy"]);
    expect(actionsFor(textMessage(2), member).map((a) => a.label)).toEqual(["reply", "copy"]);
  });

  it("copy only what has text: a photo's caption, not a photo alone", () => {
    const withCaption = textMessage(2, { kind: "attachment", attachments: [photo], body: "hi" });
    expect(ids(withCaption)).toEqual(["reply", "copy"]);
    expect(ids({ ...withCaption, body: "" })).toEqual(["reply"]);
    expect(ids({ ...withCaption, body: "  " })).toEqual(["reply"]);
  });

  it("reply to an object's post, and never to a system message", () => {
    expect(ids(textMessage(2, { kind: "object", senderId: null, body: "price drop" }))).toEqual([
      "reply",
      "copy",
    ]);
    const system = textMessage(1, {
      kind: "system",
      senderId: null,
      body: "",
      system: { type: "left", userId: "ann" },
    });
    expect(ids(system)).toEqual([]);
    // Its body, if it had one, would be no one's text to copy.
    expect(ids({ ...system, body: "Ann left" })).toEqual([]);
  });

  it("leave out Reply where the user cannot write (left, or a read-only chat)", () => {
    expect(ids(textMessage(2), { me: "me", canWrite: false })).toEqual(["copy"]);
  });
});
