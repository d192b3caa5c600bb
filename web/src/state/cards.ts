/**
 * Object rooms as the client holds them: which card to show (the newest version heard, from
 * any of the places a card arrives), who the chat's asker is, and who the other member is.
 */
import { type ObjectCard, ROOM_ID_PREFIX, type RoomSummary } from "../../../src/protocol";

/** The card to show of two: the one with the higher `version` (docs/protocol.md). */
export function newerCard(
  held: ObjectCard | null | undefined,
  heard: ObjectCard | null | undefined,
): ObjectCard | undefined {
  if (!heard) return held ?? undefined;
  if (!held) return heard;
  return heard.version > held.version ? heard : held;
}

/** The asker of an object room (`obj:<objectId>:<askerId>`); null for other rooms. */
export function objectAsker(roomId: string): string | null {
  if (!roomId.startsWith(ROOM_ID_PREFIX.object)) return null;
  const [, asker] = roomId.slice(ROOM_ID_PREFIX.object.length).split(":");
  return asker || null;
}

/**
 * The other member of an object room: the asker, for its owner; the owner (from the card),
 * for the asker. Null for other rooms, or for the asker before the card is known.
 */
export function objectPeer(room: Pick<RoomSummary, "id" | "kind" | "card">, me: string) {
  if (room.kind !== "object") return null;
  const asker = objectAsker(room.id);
  if (asker !== me) return asker;
  return room.card?.ownerId ?? null;
}
