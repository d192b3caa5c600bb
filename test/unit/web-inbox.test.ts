/** The web client's inbox, its pure parts: the server's order, how far the pages reach, merging. */
import { describe, expect, it } from "vitest";
import type { InboxEntry, InboxPage } from "../../src/protocol";
import { byActivity, InboxPaging, mergeEntry } from "../../web/src/state/inbox";

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
