import { describe, expect, it } from "vitest";
import { RECENT_MESSAGES_CACHED, RecentMessages } from "../../src/room/recent";
import { textMessage } from "../worker/messages";

const ROOM = "grp:test";
const fill = (from: number, to: number) => {
  const recent = new RecentMessages();
  for (let seq = from; seq <= to; seq++)
    recent.push(textMessage(seq, { senderId: seq % 2 ? "a" : "b" }));
  return recent;
};

describe("the newest messages in memory", () => {
  it("answers a range it holds whole, and leaves the rest to SQLite", () => {
    const recent = fill(10, 20);
    expect(recent.between(ROOM, 12, 15, 10)?.map((m) => m.seq)).toEqual([13, 14, 15]);
    expect(recent.between(ROOM, 12, 20, 2)?.map((m) => m.seq)).toEqual([13, 14]);
    expect(recent.between(ROOM, 9, 12, 10)?.map((m) => m.seq)).toEqual([10, 11, 12]);
    expect(recent.between(ROOM, 8, 12, 10)).toBeNull(); // seq 9 is not held
    expect(recent.between(ROOM, 18, 22, 10)).toBeNull(); // past the newest
    expect(recent.between("grp:other", 12, 15, 10)).toBeNull();
  });

  it("counts unread over what it holds, by the one unread rule", () => {
    const recent = fill(1, 10);
    // Odd seqs are a's, even seqs b's: b has five of a's unread, a five of b's.
    expect(recent.unreadFor("b", 0, 10)).toBe(5);
    expect(recent.unreadFor("a", 4, 10)).toBe(3);
    expect(recent.unreadFor("a", 10, 10)).toBe(0);
    expect(fill(5, 10).unreadFor("a", 3, 10)).toBeNull();
  });

  it("starts afresh on a gap, keeps at most twice its size, and follows a trim", () => {
    const recent = fill(1, 5);
    recent.push(textMessage(9));
    expect(recent.between(ROOM, 8, 9, 10)?.map((m) => m.seq)).toEqual([9]);
    expect(recent.between(ROOM, 4, 9, 10)).toBeNull();

    const long = fill(1, RECENT_MESSAGES_CACHED * 2 + 1);
    expect(long.between(ROOM, RECENT_MESSAGES_CACHED, RECENT_MESSAGES_CACHED + 2, 5)).toBeNull();
    expect(
      long.between(ROOM, RECENT_MESSAGES_CACHED + 1, RECENT_MESSAGES_CACHED + 2, 5),
    ).toHaveLength(1);

    const trimmed = fill(1, 10);
    trimmed.trim(6);
    expect(trimmed.between(ROOM, 5, 8, 10)).toBeNull();
    expect(trimmed.between(ROOM, 6, 8, 10)?.map((m) => m.seq)).toEqual([7, 8]);
    trimmed.clear();
    expect(trimmed.between(ROOM, 6, 8, 10)).toBeNull();
  });
});
