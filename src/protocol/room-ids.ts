/**
 * Room ids and the kind each one names. Direct and object rooms have deterministic ids, so
 * opening one twice finds the same room without a lookup; a group gets a random id.
 *
 * - direct: `dm:<a>:<b>`, the two user ids sorted;
 * - group: `grp:<random>`;
 * - object: `obj:<objectId>:<askerId>`.
 */
import type { RoomKind, RoomSummary } from "./model";

/** Each kind's id prefix, colon included. */
export const ROOM_ID_PREFIX: Readonly<Record<RoomKind, string>> = {
  direct: "dm:",
  group: "grp:",
  object: "obj:",
};

/** The one direct room of two users, whichever of them asks. */
export function directRoomId(a: string, b: string): string {
  return `${ROOM_ID_PREFIX.direct}${[a, b].sort().join(":")}`;
}

/** A new group's id. */
export function newGroupRoomId(): string {
  return `${ROOM_ID_PREFIX.group}${crypto.randomUUID()}`;
}

/** The one room in which `askerId` asks about `objectId`. */
export function objectRoomId(objectId: string, askerId: string): string {
  return `${ROOM_ID_PREFIX.object}${objectId}:${askerId}`;
}

/** The kind a room id names, from its prefix; null for an id of no kind. */
export function roomKindOf(roomId: string): RoomKind | null {
  for (const kind of Object.keys(ROOM_ID_PREFIX) as RoomKind[]) {
    if (roomId.startsWith(ROOM_ID_PREFIX[kind])) return kind;
  }
  return null;
}

/** In a direct room, the member who is not `me`; null in other rooms. */
export function directPeer(room: Pick<RoomSummary, "id" | "kind">, me: string): string | null {
  if (room.kind !== "direct") return null;
  const ids = room.id.slice(ROOM_ID_PREFIX.direct.length).split(":");
  return ids.find((id) => id !== me) ?? ids[0] ?? null;
}
