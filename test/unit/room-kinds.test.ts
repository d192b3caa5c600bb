import { describe, expect, it } from "vitest";
import { hasAction, mayIn, outranks, ROOM_KINDS } from "../../src/protocol";

describe("what each kind of room allows", () => {
  it("keeps a pair's room fixed: no one adds, removes, renames or sets roles", () => {
    for (const kind of ["direct", "object"] as const) {
      for (const action of ["add", "remove", "rename", "setRole"] as const) {
        expect(hasAction(kind, action)).toBe(false);
      }
      expect(ROOM_KINDS[kind].reopens).toBe(true);
      expect(ROOM_KINDS[kind].deliveredMarks).toBe(true);
    }
    // Leaving an object chat hides it; a direct room cannot be left.
    expect(hasAction("direct", "leave")).toBe(false);
    expect(mayIn("object", "member", "leave")).toBe(true);
  });

  it("lets a group's owner and admins manage it and only its owner set roles", () => {
    expect(ROOM_KINDS.group.reopens).toBe(false);
    expect(ROOM_KINDS.group.creatorRole).toBe("owner");
    for (const action of ["add", "remove", "rename"] as const) {
      expect([mayIn("group", "owner", action), mayIn("group", "admin", action)]).toEqual([
        true,
        true,
      ]);
      expect(mayIn("group", "member", action)).toBe(false);
    }
    expect(
      ["owner", "admin", "member"].map((r) => mayIn("group", r as "owner", "setRole")),
    ).toEqual([true, false, false]);
    expect(mayIn("group", "member", "leave")).toBe(true);
  });

  it("lets one remove only those one outranks", () => {
    expect(outranks("owner", "admin")).toBe(true);
    expect(outranks("owner", "owner")).toBe(false);
    expect(outranks("admin", "member")).toBe(true);
    expect(outranks("admin", "admin")).toBe(false);
    expect(outranks("member", "member")).toBe(false);
  });
});
