/**
 * What an object room takes from its object: its changes and its posts. Changes
 * (docs/decisions/0011): each change past the version on the room's card is applied once, in
 * version order, in one transaction with the new card; a change to what the card shows is a
 * system message in the room's own seq order. Changes at or below the card's version are
 * repeats and change nothing, so a job delivered twice, or two crossing, can neither double
 * nor reorder anything. Posts are stored as members' messages are (room.ts, storeMessage).
 */
import {
  type ChatMessage,
  type ObjectCard,
  type ObjectChange,
  type SendResult,
  sameCard,
} from "../protocol";
import { type Changed, type Result, type RoomContext, storeMessage } from "./room";

/** The room's card and the object it is about, when this is an object room about `objectId`. */
export function objectCard(ctx: RoomContext, objectId: string): ObjectCard | null {
  const room = ctx.store.room();
  return room?.kind === "object" && room.subject === objectId ? room.card : null;
}

/**
 * Applies `events` (oldest first) past the card's version. The value is the card's version
 * after them. A gap (changes missing from D1 below the first given) is applied over: the
 * card jumps to the newest, which is all a chat can still show.
 */
export function applyObjectEvents(
  ctx: RoomContext,
  objectId: string,
  events: readonly ObjectChange[],
): Result<Changed<number>> {
  const card = objectCard(ctx, objectId);
  if (!card) return { ok: false, error: { code: "not_found", message: "no such room" } };
  const fresh = events.filter((event) => event.version > card.version);
  if (fresh.length === 0) return { ok: true, value: { value: card.version, appended: [] } };
  return ctx.transaction(() => {
    const room = ctx.store.room();
    if (!room) throw new Error("room vanished");
    const appended: ChatMessage[] = [];
    let previous = card;
    for (const event of fresh) {
      if (!sameCard(previous, event.card)) {
        appended.push(
          ctx.store.append(
            {
              kind: "system",
              senderId: null,
              body: "",
              system: { type: "object", by: event.card.ownerId, card: event.card, previous },
              createdAt: ctx.now,
            },
            room.id,
          ),
        );
      }
      previous = event.card;
    }
    ctx.store.setCard(previous);
    return { ok: true, value: { value: previous.version, appended } };
  });
}

/** A post of the room's object itself (with an object token; the worker checked it). */
export function postAsObject(
  ctx: RoomContext,
  objectId: string,
  input: { clientMsgId: string; body: string },
): Result<Changed<SendResult>> {
  const room = ctx.store.room();
  if (!room || !objectCard(ctx, objectId)) {
    return { ok: false, error: { code: "not_found", message: "no such room" } };
  }
  return storeMessage(ctx, room, null, input);
}
