/** The web client's read state: the user's read mark and badge, and the members' marks. */
import { describe, expect, it } from "vitest";
import type { ChatMessage, InboxEntry, RoomMember } from "../../src/protocol";
import { Receipts } from "../../web/src/state/receipts";
import { type RoomState, roomState } from "../../web/src/state/room-state";
import { inboxEntry } from "../worker/messages";

const ME = "me";
const ROOM = "grp:r";

const msg = (seq: number, senderId: string | null = "ann"): ChatMessage => ({
  roomId: ROOM,
  seq,
  kind: senderId ? "text" : "system",
  senderId,
  body: senderId ? `m${seq}` : "",
  createdAt: seq,
});

const entry = (more: Partial<InboxEntry> = {}): InboxEntry => inboxEntry({ id: ROOM, ...more });

const member = (userId: string, readSeq: number): RoomMember => ({
  userId,
  role: "member",
  joinedAt: 0,
  joinedSeq: 1,
  readSeq,
  receivedSeq: readSeq,
});

function setup(state?: RoomState) {
  const rooms = new Map<string, RoomState>();
  if (state) rooms.set(ROOM, state);
  return { rooms, receipts: new Receipts(rooms, ME) };
}

const read = (readSeq: number, unreadCount: number, upTo?: number) => ({
  type: "read" as const,
  roomId: ROOM,
  readSeq,
  unreadCount,
  ...(upTo !== undefined ? { upTo } : {}),
});

describe("the user's read mark", () => {
  it("moves to the newest message held, clears the badge and moves the user's member mark", () => {
    const state = roomState(entry({ lastSeq: 3, unreadCount: 2, readSeq: 1 }), [msg(2), msg(3)]);
    state.members = [member(ME, 1), member("ann", 3)];
    const { receipts } = setup(state);
    expect(receipts.read(ROOM)).toBe(3);
    expect(state.entry).toMatchObject({ readSeq: 3, unreadCount: 0 });
    expect(state.members.find((m) => m.userId === ME)).toMatchObject({ readSeq: 3 });
    expect(receipts.read(ROOM)).toBeNull(); // already there: nothing to tell the server
  });

  it("has nothing to tell for a room not held or with no messages", () => {
    const { receipts } = setup(roomState(entry()));
    expect(receipts.read(ROOM)).toBeNull();
    expect(receipts.read("grp:other")).toBeNull();
  });

  it("takes a read event further on, and ignores one that goes back or stays", () => {
    const state = roomState(entry({ lastSeq: 9, readSeq: 5, unreadCount: 4 }));
    const { receipts } = setup(state);
    expect(receipts.onRead(read(4, 5))).toBe(false);
    expect(receipts.onRead(read(5, 0))).toBe(false);
    expect(state.entry).toMatchObject({ readSeq: 5, unreadCount: 4 });
    expect(receipts.onRead(read(7, 2))).toBe(true);
    expect(state.entry).toMatchObject({ readSeq: 7, unreadCount: 2, lastSeq: 9 });
  });

  it("takes a resync's count at the same mark, covering messages up to upTo", () => {
    const state = roomState(entry({ lastSeq: 5, readSeq: 5 }));
    const { receipts } = setup(state);
    expect(receipts.onRead(read(5, 3, 8))).toBe(true);
    expect(state.entry).toMatchObject({ readSeq: 5, unreadCount: 3, lastSeq: 8 });
    // Its messages, replayed next, were counted already.
    receipts.arrived(state, msg(8));
    expect(state.entry.unreadCount).toBe(3);
  });

  it("keeps read state for a room not held yet until the room appears", () => {
    const { receipts } = setup();
    expect(receipts.onRead(read(4, 2, 6))).toBe(false);
    expect(receipts.withEarlyRead(entry({ lastSeq: 1 }))).toMatchObject({
      readSeq: 4,
      unreadCount: 2,
      lastSeq: 6,
    });
    // Taken once.
    expect(receipts.withEarlyRead(entry({ lastSeq: 1 }))).toEqual(entry({ lastSeq: 1 }));
  });
});

describe("the badge", () => {
  it("counts a live message from someone else once, past what was counted", () => {
    const state = roomState(entry({ lastSeq: 4, readSeq: 2, unreadCount: 2 }));
    const { receipts } = setup(state);
    receipts.arrived(state, msg(4)); // counted by the inbox already
    receipts.arrived(state, msg(5, ME)); // mine
    receipts.arrived(state, msg(6, null)); // a system message
    expect(state.entry.unreadCount).toBe(2);
    receipts.arrived(state, msg(7));
    expect(state.entry.unreadCount).toBe(3);
  });
});

describe("the members' marks", () => {
  it("keeps receipts that came before the details answer, and never goes back", () => {
    const state = roomState(entry({ lastSeq: 6 }), [msg(5, "bob"), msg(6, "bob")]);
    const { receipts } = setup(state);
    receipts.note(ROOM, "ann", 4, 6);
    receipts.members(state, [member("ann", 2), member("bob", 1), member("cy", 3)]);
    expect(state.members).toEqual([
      { ...member("ann", 4), receivedSeq: 6 },
      member("bob", 6), // sent message 6: has read up to it
      member("cy", 3),
    ]);
    receipts.note(ROOM, "cy", 5, 5);
    expect(state.members?.find((m) => m.userId === "cy")).toMatchObject({ readSeq: 5 });
    receipts.note(ROOM, "cy", 1, 1);
    expect(state.members?.find((m) => m.userId === "cy")).toMatchObject({ readSeq: 5 });
  });

  it("moves a sender's mark to the message placed in the run", () => {
    const state = roomState(entry(), [msg(1)]);
    state.members = [member("ann", 1), member("bob", 1)];
    const { receipts } = setup(state);
    receipts.placed(state, [msg(2, "bob")]);
    expect(state.members).toEqual([member("ann", 1), member("bob", 2)]);
  });
});
