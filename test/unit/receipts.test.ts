import { describe, expect, it } from "vitest";
import { noteMessage, unreadBy } from "../../src/client";

const member = (userId: string, joinedSeq: number, readSeq: number) => ({
  userId,
  joinedSeq,
  readSeq,
  receivedSeq: readSeq,
});

describe("per-message read counts", () => {
  it("count members present at the message whose watermark is below it", () => {
    const members = [member("a", 1, 9), member("b", 1, 4), member("c", 6, 5)];
    expect([3, 4, 5, 6, 7, 9].map((seq) => unreadBy(members, seq))).toEqual([0, 0, 1, 2, 2, 2]);
    expect(unreadBy([], 3)).toBe(0);
  });

  it("treat a message as read by its sender up to it", () => {
    const members = [member("a", 1, 2), member("b", 1, 2)];
    const after = noteMessage(members, { senderId: "b", seq: 7 });
    expect(after).toEqual([member("a", 1, 2), { ...member("b", 1, 7) }]);
    expect(unreadBy(after, 5)).toBe(1);
    // System messages and older messages change nothing.
    expect(noteMessage(after, { senderId: null, seq: 8 })).toEqual(after);
    expect(noteMessage(after, { senderId: "b", seq: 3 })).toEqual(after);
  });
});
