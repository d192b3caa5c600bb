/** The web client's offline cache put back as the app opens. */
import { describe, expect, it } from "vitest";
import type { ChatMessage, InboxEntry } from "../../src/protocol";
import { restore } from "../../web/src/state/restore";
import { type RoomState, roomState } from "../../web/src/state/room-state";
import { inboxEntry, textMessage } from "../worker/messages";

const entry = (id: string, lastSeq: number): InboxEntry => inboxEntry({ id, title: id, lastSeq });
const msg = (roomId: string, seq: number): ChatMessage =>
  textMessage(seq, { roomId, senderId: "ann" });

describe("restoring the cache", () => {
  it("adds cached rooms with their messages as one run, and says how far each reaches", () => {
    const rooms = new Map<string, RoomState>();
    const newest = restore(rooms, {
      rooms: [entry("grp:a", 9), entry("grp:b", 2)],
      messages: new Map([["grp:a", [msg("grp:a", 9), msg("grp:a", 4), msg("grp:a", 8)]]]),
    });
    expect(rooms.get("grp:a")?.messages.map((m) => m.seq)).toEqual([8, 9]);
    expect(rooms.get("grp:b")?.messages).toEqual([]);
    expect([...newest]).toEqual([["grp:a", 9]]);
  });

  it("keeps a room the server answered for before the cache was read", () => {
    const fresh = roomState(entry("grp:a", 12));
    const rooms = new Map([["grp:a", fresh]]);
    const newest = restore(rooms, {
      rooms: [entry("grp:a", 9)],
      messages: new Map([["grp:a", [msg("grp:a", 9)]]]),
    });
    expect(rooms.get("grp:a")).toBe(fresh);
    expect(newest.size).toBe(0);
  });
});
