import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  countsAsUnread,
  directPeer,
  directRoomId,
  newGroupRoomId,
  objectRoomId,
  RoomId,
  roomKindOf,
} from "../../src/protocol";

describe("room ids", () => {
  it("gives two users one direct room whichever of them asks", () => {
    expect(directRoomId("bob", "alice")).toBe("dm:alice:bob");
    expect(directRoomId("alice", "bob")).toBe("dm:alice:bob");
  });

  it("names each kind by its prefix, and every id it makes is a valid room id", () => {
    const ids = {
      direct: directRoomId("a", "b"),
      group: newGroupRoomId(),
      object: objectRoomId("lamp-1", "carol"),
    } as const;
    for (const [kind, id] of Object.entries(ids)) {
      expect(roomKindOf(id)).toBe(kind);
      expect(v.safeParse(RoomId, id).success).toBe(true);
    }
    expect(ids.object).toBe("obj:lamp-1:carol");
    expect(roomKindOf("xx:a:b")).toBeNull();
    expect(newGroupRoomId()).not.toBe(newGroupRoomId());
  });

  it("finds the other member of a direct room, and none in a group", () => {
    const room = { id: directRoomId("a", "b"), kind: "direct" as const };
    expect(directPeer(room, "a")).toBe("b");
    expect(directPeer(room, "b")).toBe("a");
    expect(directPeer({ id: "grp:x", kind: "group" }, "a")).toBeNull();
  });
});

describe("what counts as unread", () => {
  it("counts text from others, never one's own text or a system message", () => {
    expect(countsAsUnread({ kind: "text", senderId: "bob" }, "alice")).toBe(true);
    expect(countsAsUnread({ kind: "text", senderId: "alice" }, "alice")).toBe(false);
    expect(countsAsUnread({ kind: "system", senderId: null }, "alice")).toBe(false);
  });
});
