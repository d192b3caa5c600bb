/**
 * What each kind of room allows, in one table: a new kind of room is a new row here, not new
 * branches in the room's code. The room (src/room/room.ts) decides by it, and clients may
 * read it to show only the actions a room allows.
 */
import { assertNever } from "./common";
import type { Role, RoomKind } from "./model";

/**
 * A change to a room's membership or settings that some kinds allow to some roles, or
 * `deleteAny`: deleting anyone's message for everyone (a member may always delete their own).
 */
export type RoomAction = "add" | "remove" | "rename" | "setRole" | "leave" | "deleteAny";

export interface RoomKindPolicy {
  /**
   * Whether creating the room again (same deterministic id) by one of its members answers
   * the existing room rather than refusing: a direct or object room is one per pair.
   */
  reopens: boolean;
  /** A chat of two: a block between them closes it to both (docs/protocol.md, Blocks). */
  pair: boolean;
  /** The role of the member who creates the room. */
  creatorRole: Role;
  /**
   * The roles that may take each action; an empty list means the kind has no such action
   * (refused as a bad request, not as forbidden). Removing is further bounded by rank (see
   * {@link outranks}); leaving is one's own act, so any role listed may leave.
   */
  may: Readonly<Record<RoomAction, readonly Role[]>>;
  /** Whether members' devices report "delivered" marks (received seqs): a pair's room only. */
  deliveredMarks: boolean;
}

const NONE: readonly Role[] = [];
const MANAGERS: readonly Role[] = ["owner", "admin"];
const ANYONE: readonly Role[] = ["owner", "admin", "member"];

/** The fixed pair of a direct room: no one joins, leaves, or renames it. */
const PAIR: RoomKindPolicy = {
  reopens: true,
  pair: true,
  creatorRole: "member",
  may: { add: NONE, remove: NONE, rename: NONE, setRole: NONE, leave: NONE, deleteAny: NONE },
  deliveredMarks: true,
};

export const ROOM_KINDS: Readonly<Record<RoomKind, RoomKindPolicy>> = {
  direct: PAIR,
  group: {
    reopens: false,
    pair: false,
    creatorRole: "owner",
    may: {
      add: MANAGERS,
      remove: MANAGERS,
      rename: MANAGERS,
      setRole: ["owner"],
      leave: ANYONE,
      deleteAny: MANAGERS,
    },
    deliveredMarks: false,
  },
  // The asker and the object's owner. Either may leave, which hides the chat from them until
  // the other writes again or the asker asks again (src/room/room.ts). When it turns
  // read-only is the card's rule (`chatOpen` in ./objects.ts), not the kind's.
  object: { ...PAIR, may: { ...PAIR.may, leave: ANYONE } },
};

/** Whether a member of `role` may take `action` in a room of `kind`. */
export function mayIn(kind: RoomKind, role: Role, action: RoomAction): boolean {
  return ROOM_KINDS[kind].may[action].includes(role);
}

/** Whether the room's kind has `action` at all, for any role. */
export function hasAction(kind: RoomKind, action: RoomAction): boolean {
  return ROOM_KINDS[kind].may[action].length > 0;
}

/** Owners outrank admins, who outrank members: one may remove only those one outranks. */
export function outranks(actor: Role, target: Role): boolean {
  return rank(actor) > rank(target);
}

function rank(role: Role): number {
  switch (role) {
    case "owner":
      return 2;
    case "admin":
      return 1;
    case "member":
      return 0;
    default:
      return assertNever(role);
  }
}
