/**
 * The web client's changed messages, their pure parts: the user's queued changes shown at
 * once on what they change, reactions as chips, and refusals in the reader's language.
 */
import { describe, expect, it } from "vitest";
import type { OutboxItem } from "../../src/client";
import type { ChatMessage, MessageChange } from "../../src/protocol";
import { translator } from "../../web/src/i18n";
import { isChange, withQueuedChanges } from "../../web/src/state/pending-changes";
import { reactionChips } from "../../web/src/state/reaction-chips";
import { changeRefusalText, refusalText } from "../../web/src/state/refusals";
import { textMessage } from "../worker/messages";

const ROOM = "grp:r";
const msg = (seq: number, more: Partial<ChatMessage> = {}): ChatMessage =>
  textMessage(seq, { roomId: ROOM, senderId: "ann", ...more });
let n = 0;
const queued = (change?: MessageChange, roomId = ROOM): OutboxItem => ({
  roomId,
  clientMsgId: `c${++n}`,
  body: change?.kind === "edit" ? change.body : "hello",
  createdAt: 1000 + n,
  attempts: 1,
  ...(change ? { change } : {}),
});

describe("the user's changes on their way", () => {
  it("are told apart from messages in the outbox", () => {
    expect(isChange(queued())).toBe(false);
    expect(isChange(queued({ kind: "delete", target: 1 }))).toBe(true);
  });

  it("show at once on what they change, in the order queued", () => {
    const run = [msg(1), msg(2, { senderId: "me" }), msg(3)];
    const shown = withQueuedChanges(
      run,
      [
        queued({ kind: "edit", target: 2, body: "first try" }),
        queued({ kind: "reaction", target: 1, emoji: "👍", on: true }),
        queued(), // a message: not a change
        queued({ kind: "edit", target: 2, body: "second try" }),
        queued({ kind: "reaction", target: 3, emoji: "❤️", on: true }),
        queued({ kind: "reaction", target: 3, emoji: "❤️", on: false }),
      ],
      "me",
    );
    expect(shown[0]?.reactions).toEqual([{ emoji: "👍", userIds: ["me"] }]);
    expect(shown[1]).toMatchObject({ body: "second try", editedAt: expect.any(Number) });
    expect(shown[2]).not.toHaveProperty("reactions");
    // Nothing held changed.
    expect(run[1]?.body).toBe("m2");
    expect(run[0]).not.toHaveProperty("reactions");
  });

  it("apply after every stored event: a reaction taken back that the run shows put", () => {
    const put = msg(1, { reactions: [{ emoji: "👍", userIds: ["ann", "me"] }], version: 90 });
    const [shown] = withQueuedChanges(
      [put],
      [queued({ kind: "reaction", target: 1, emoji: "👍", on: false })],
      "me",
    );
    expect(shown?.reactions).toEqual([{ emoji: "👍", userIds: ["ann"] }]);
  });

  it("show a delete at once as deleted", () => {
    const [shown] = withQueuedChanges(
      [msg(1, { senderId: "me", reactions: [{ emoji: "😂", userIds: ["ann"] }] })],
      [queued({ kind: "delete", target: 1 })],
      "me",
    );
    expect(shown).toMatchObject({ body: "", deletedAt: expect.any(Number) });
    expect(shown).not.toHaveProperty("reactions");
  });

  it("leave the same array when none applies (other rooms, other messages)", () => {
    const run = [msg(1), msg(2)];
    expect(withQueuedChanges(run, [], "me")).toBe(run);
    expect(withQueuedChanges(run, [queued()], "me")).toBe(run);
    expect(withQueuedChanges(run, [queued({ kind: "delete", target: 9 })], "me")).toBe(run);
    const elsewhere = queued({ kind: "delete", target: 1 }, "grp:other");
    expect(withQueuedChanges(run, [elsewhere], "me")).toBe(run);
  });
});

describe("reactions as chips", () => {
  it("count each emoji, mark the user's own, and name the user last", () => {
    const message = msg(1, {
      reactions: [
        { emoji: "❤️", userIds: ["me", "ann", "bo"] },
        { emoji: "👍", userIds: ["bo"] },
      ],
    });
    expect(reactionChips(message, "me")).toEqual([
      { emoji: "❤️", count: 3, mine: true, userIds: ["ann", "bo", "me"] },
      { emoji: "👍", count: 1, mine: false, userIds: ["bo"] },
    ]);
  });

  it("leave out emoji this client does not know, and everything of a deleted message", () => {
    const odd = msg(1, { reactions: [{ emoji: "🦄", userIds: ["ann"] }] });
    expect(reactionChips(odd, "me")).toEqual([]);
    const gone = msg(1, { reactions: [{ emoji: "👍", userIds: ["ann"] }], deletedAt: 5 });
    expect(reactionChips(gone, "me")).toEqual([]);
    expect(reactionChips(msg(1), "me")).toEqual([]);
  });
});

describe("a refusal, in the reader's language", () => {
  const en = translator("en");
  const ko = translator("ko");

  it("says a block in words of the app, not the server's English", () => {
    expect(refusalText(en, "blocked")).toBe("a block stands in this chat");
    expect(refusalText(ko, "blocked")).toBe("차단되어 이 채팅에는 보낼 수 없어요");
  });

  it("says any other code as the app says errors, never with the server's text", () => {
    expect(refusalText(ko, "payload_too_large")).toBe("너무 커서 보낼 수 없어요.");
    expect(refusalText(en, "no_such_code")).toBe("Something went wrong. Try again.");
    expect(changeRefusalText(en, { kind: "edit" }, "internal")).toBe(
      "Could not edit the message: Something went wrong on the server. Try again later.",
    );
  });

  it("names what could not be done: an edit past the window, a delete, a reaction", () => {
    expect(changeRefusalText(en, { kind: "edit" }, "edit_window_closed")).toBe(
      "Could not edit the message: a message can be edited only within 24 hours of sending.",
    );
    expect(changeRefusalText(ko, { kind: "edit" }, "edit_window_closed")).toBe(
      "메시지를 수정하지 못했어요: 보낸 지 24시간이 지난 메시지는 수정할 수 없어요",
    );
    expect(changeRefusalText(en, { kind: "delete" }, "target_deleted")).toBe(
      "Could not delete the message: the message was deleted.",
    );
    expect(changeRefusalText(en, { kind: "reaction" }, "blocked")).toBe(
      "Could not react: a block stands in this chat.",
    );
  });
});
