/** The web client's inbox, its pure parts: the server's order, how far the pages reach, merging. */
import { describe, expect, it } from "vitest";
import { type ChatMessage, hiddenForm, type InboxEntry, type InboxPage } from "../../src/protocol";
import {
  byActivity,
  InboxPaging,
  listed,
  mergeEntry,
  newEntry,
  withMembership,
  withNewest,
  withStranger,
} from "../../web/src/state/inbox";
import { textMessage } from "../worker/messages";

function entry(id: string, lastActivityAt: number, more: Partial<InboxEntry> = {}): InboxEntry {
  return {
    id,
    kind: "group",
    title: id,
    lastSeq: 1,
    lastMessage: null,
    lastActivityAt,
    unreadCount: 0,
    readSeq: 0,
    membership: "member",
    muted: false,
    hidden: false,
    stranger: false,
    ...more,
  };
}

const page = (rooms: InboxEntry[], nextCursor: string | null): InboxPage => ({
  rooms,
  nextCursor,
  users: [],
});

describe("the web inbox's paging", () => {
  it("orders as the server does: newest activity, then the larger room id", () => {
    const rooms = [entry("grp:a", 5), entry("grp:c", 9), entry("grp:b", 5)];
    expect(rooms.sort(byActivity).map((r) => r.id)).toEqual(["grp:c", "grp:b", "grp:a"]);
  });

  it("shows the whole cache before the first page, then only as far as the pages reach", () => {
    const paging = new InboxPaging();
    const old = entry("grp:old", 1);
    expect(paging.shows(old)).toBe(true);
    paging.took(page([entry("grp:new", 9), entry("grp:mid", 5)], "5.grp:mid"), true);
    expect(paging.shows(entry("grp:mid", 5))).toBe(true);
    expect(paging.shows(entry("grp:a", 5))).toBe(false); // same time, smaller id: after
    expect(paging.shows(old)).toBe(false);
    expect(paging.shows(entry("grp:moved", 10))).toBe(true);
    expect(paging.cursor).toBe("5.grp:mid");
    paging.took(page([old], null), false);
    expect(paging.shows(entry("grp:older", 0))).toBe(true);
    expect(paging.cursor).toBeNull();
    // A next page answered late, after a new first page said it holds everything.
    paging.took(page([entry("grp:new", 9)], null), true);
    paging.took(page([entry("grp:x", 3)], "3.grp:x"), false);
    expect(paging.shows(entry("grp:older", 0))).toBe(true);
  });

  it("takes a page's entry without winding back what this device already has", () => {
    const local = entry("grp:a", 20, { lastSeq: 7, readSeq: 7, unreadCount: 0 });
    const fresh = entry("grp:a", 10, { lastSeq: 5, readSeq: 3, unreadCount: 2, muted: true });
    expect(mergeEntry(local, fresh)).toMatchObject({
      lastSeq: 7,
      readSeq: 7,
      unreadCount: 0,
      lastActivityAt: 20,
      muted: true,
    });
  });
});

const msg = (seq: number, more: Partial<ChatMessage> = {}): ChatMessage =>
  textMessage(seq, { roomId: "grp:a", senderId: "ann", createdAt: seq * 10, ...more });

describe("a web inbox entry", () => {
  it("starts, for a room just come, with nothing read and the user in it", () => {
    const room = { id: "grp:a", kind: "group" as const, title: "A", lastSeq: 4, createdAt: 7 };
    expect(newEntry(room)).toEqual(entry("grp:a", 7, { title: "A", lastSeq: 4 }));
  });

  it("shows its newest message, never an older one", () => {
    const local = entry("grp:a", 100, { lastSeq: 5 });
    expect(withNewest(local, [msg(4)])).toBe(local);
    expect(withNewest(local, [msg(5)])).toMatchObject({ lastSeq: 5, lastMessage: msg(5) });
    expect(withNewest(local, [msg(12)])).toMatchObject({ lastSeq: 12, lastActivityAt: 120 });
  });

  it("takes no edit, delete or reaction as its preview, nor as activity", () => {
    const local = entry("grp:a", 50, { lastSeq: 5, lastMessage: msg(5) });
    const reaction = msg(6, { kind: "reaction", body: "", target: 5, emoji: "👍", on: true });
    const after = withNewest(local, [msg(5), reaction]);
    expect(after).toMatchObject({ lastSeq: 6, lastActivityAt: 50, lastMessage: { seq: 5 } });
  });

  it("shows the newest message as it is now: edited, or deleted", () => {
    const edited = msg(5, { body: "fixed", editedAt: 70, version: 6 });
    const edit = msg(6, { kind: "edit", body: "fixed", target: 5, createdAt: 70 });
    const local = entry("grp:a", 50, { lastSeq: 5, lastMessage: msg(5) });
    // The run holds it, changes applied (timeline.ts's merge).
    expect(withNewest(local, [edited, edit]).lastMessage).toEqual(edited);
    // The run holds only the event (it arrived alone): applied to the preview held.
    const deleted = withNewest(local, [msg(7, { kind: "delete", body: "", target: 5 })]);
    expect(deleted).toMatchObject({ lastSeq: 7, lastMessage: { seq: 5, body: "", deletedAt: 70 } });
  });

  it("takes a change to a message without moving: the preview shows it when it is about it", () => {
    const local = withNewest(entry("grp:a", 100, { lastSeq: 5 }), [msg(6)]);
    const reaction = msg(7, { kind: "reaction", body: "", target: 6, emoji: "👍", on: true });
    const reacted = withNewest(local, [reaction]);
    expect(reacted).toMatchObject({ lastSeq: 7, lastActivityAt: local.lastActivityAt });
    expect(reacted.lastMessage).toMatchObject({ seq: 6, reactions: [{ emoji: "👍" }] });
    const deleted = withNewest(reacted, [msg(8, { kind: "delete", body: "", target: 6 })]);
    expect(deleted.lastMessage).toMatchObject({ seq: 6, body: "", deletedAt: 80 });
    const elsewhere = withNewest(deleted, [msg(9, { kind: "edit", body: "x", target: 2 })]);
    expect(elsewhere.lastMessage).toBe(deleted.lastMessage);
  });

  it("comes back from hidden with its next message, not with a change", () => {
    const paging = new InboxPaging();
    const hidden = entry("grp:a", 100, { lastSeq: 5, hidden: true });
    expect(paging.shows(hidden)).toBe(false);
    const changed = withNewest(hidden, [msg(6, { kind: "edit", body: "x", target: 5 })]);
    expect(changed.hidden).toBe(true);
    // Its messages paged in again (the room opened) are nothing new.
    expect(
      withNewest(changed, [msg(5), msg(6, { kind: "edit", body: "x", target: 5 })]).hidden,
    ).toBe(true);
    const back = withNewest(changed, [msg(7)]);
    expect(back.hidden).toBe(false);
    expect(paging.shows(back)).toBe(true);
  });

  it("follows system messages about the user leaving, being removed, or joining", () => {
    const system = (system: ChatMessage["system"]) =>
      msg(3, { kind: "system", senderId: null, body: "", system });
    const member = entry("grp:a", 1);
    const left = entry("grp:a", 1, { membership: "left" });
    expect(withMembership(member, system({ type: "left", userId: "me" }), "me")).toEqual(left);
    expect(
      withMembership(member, system({ type: "removed", userId: "me", by: "ann" }), "me"),
    ).toEqual(left);
    expect(withMembership(member, system({ type: "left", userId: "bob" }), "me")).toEqual(member);
    expect(
      withMembership(left, system({ type: "joined", userIds: ["me"], by: "ann" }), "me"),
    ).toEqual(member);
    expect(
      withMembership(left, system({ type: "joined", userIds: ["bob"], by: "ann" }), "me"),
    ).toEqual(left);
    expect(withMembership(left, msg(4), "me")).toEqual(left);
  });
});

describe("a chat a stranger started", () => {
  const created = (by: string) =>
    msg(1, {
      kind: "system",
      senderId: null,
      body: "",
      system: { type: "created", by, title: null, memberIds: ["ann", "me"] },
    });
  const direct = entry("dm:ann:me", 1, { kind: "direct", lastSeq: 0 });

  it("is one when the other member started a chat of two, until the user writes in it", () => {
    const started = withStranger(direct, [created("ann"), msg(2)], "me");
    expect(started.stranger).toBe(true);
    const seen = { ...started, lastSeq: 2 };
    // Their messages, a change of the user's, or what the entry already counts: still one.
    const reaction = msg(3, {
      kind: "reaction",
      senderId: "me",
      body: "",
      target: 2,
      emoji: "👍",
      on: true,
    });
    expect(withStranger(seen, [msg(2, { senderId: "me" }), reaction, msg(4)], "me")).toBe(seen);
    expect(withStranger(seen, [msg(5, { senderId: "me" })], "me").stranger).toBe(false);
  });

  it("is none when the user started it, or in a group", () => {
    expect(withStranger(direct, [created("me"), msg(2)], "me").stranger).toBe(false);
    const group = entry("grp:a", 1, { lastSeq: 0 });
    expect(withStranger(group, [created("ann")], "me").stranger).toBe(false);
  });

  it("takes the newer side's word when a page meets what the device applied", () => {
    const local = entry("dm:ann:me", 20, { kind: "direct", lastSeq: 7, stranger: false });
    const fresh = entry("dm:ann:me", 10, { kind: "direct", lastSeq: 5, stranger: true });
    expect(mergeEntry(local, fresh).stranger).toBe(false);
    expect(mergeEntry({ ...local, lastSeq: 5 }, fresh).stranger).toBe(true);
  });

  it("keeps a preview deleted for the user when a page read before the delete comes after it", () => {
    const shown = msg(6, { body: "oops, wrong photo" });
    const gone = hiddenForm(shown);
    const local = entry("grp:a", 60, { lastSeq: 6, lastMessage: gone });
    const stale = entry("grp:a", 60, { lastSeq: 6, lastMessage: shown });
    expect(mergeEntry(local, stale).lastMessage).toEqual(gone);
    // A page that heard of it first tells this device too.
    expect(mergeEntry(stale, local).lastMessage).toEqual(gone);
    // Nothing is kept hidden past a newer message, nor for another message of the same seq.
    const newer = entry("grp:a", 70, { lastSeq: 7, lastMessage: msg(7) });
    expect(mergeEntry(local, newer).lastMessage).toEqual(msg(7));
    expect(
      mergeEntry(entry("grp:a", 60, { lastSeq: 6, lastMessage: hiddenForm(msg(5)) }), stale)
        .lastMessage,
    ).toEqual(shown);
  });
});

describe("what the inbox lists", () => {
  it("leaves out a hidden chat and an object chat the user left, not a group they left", () => {
    expect(listed(entry("dm:a:b", 1, { kind: "direct" }))).toBe(true);
    expect(listed(entry("dm:a:b", 1, { kind: "direct", hidden: true }))).toBe(false);
    expect(listed(entry("obj:o:b", 1, { kind: "object", membership: "left" }))).toBe(false);
    expect(listed(entry("grp:a", 1, { membership: "left" }))).toBe(true);
  });
});
