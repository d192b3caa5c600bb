/** The members a room shows follow a leaving or a removal at once (the count with them). */
import { describe, expect, it } from "vitest";
import type { ChatMessage, RoomMember, SystemEvent } from "../../src/protocol";
import { afterExit } from "../../web/src/state/members";

const member = (userId: string): RoomMember => ({
  userId,
  role: "member",
  joinedAt: 0,
  joinedSeq: 1,
  readSeq: 0,
  receivedSeq: 0,
});

const event = (system: SystemEvent): ChatMessage => ({
  roomId: "grp:r",
  seq: 5,
  kind: "system",
  senderId: null,
  body: "",
  createdAt: 5,
  system,
});

describe("afterExit", () => {
  const members = [member("ann"), member("bob"), member("me")];

  it("drops the member who was removed or left", () => {
    expect(afterExit(members, event({ type: "removed", by: "ann", userId: "bob" }))).toEqual([
      member("ann"),
      member("me"),
    ]);
    expect(afterExit(members, event({ type: "left", userId: "me" }))).toEqual([
      member("ann"),
      member("bob"),
    ]);
  });

  it("leaves the list as it is for anything else, or members not yet known", () => {
    expect(afterExit(members, event({ type: "renamed", by: "ann", title: "x" }))).toBe(members);
    expect(afterExit(members, event({ type: "left", userId: "zoe" }))).toBe(members);
    expect(afterExit(null, event({ type: "left", userId: "bob" }))).toBeNull();
  });
});
