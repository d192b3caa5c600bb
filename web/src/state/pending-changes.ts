/**
 * Changes of mine on their way (an edit, a delete, a reaction queued in the SDK's outbox),
 * shown at once: the messages as the screen shows them are the messages held with each
 * queued change applied on top, by the same rule that applies the stored events
 * (`applyChange`). Nothing held is changed: when the server stores a change, its event joins
 * the run (outgoing.ts) and the queued item leaves the outbox; when it refuses one, the item
 * leaves and the message shows as it was.
 */
import type { OutboxItem } from "../../../src/client";
import { applyChange, type ChatMessage, type MessageChange } from "../../../src/protocol";

/** A queued item that is a change to a message, not a message of its own. */
export type QueuedChange = OutboxItem & { change: MessageChange };

export function isChange(item: OutboxItem): item is QueuedChange {
  return item.change !== undefined;
}

/**
 * The event a change will be once stored, as the sender `me` sent it, under `seq` (the
 * server's, or any seq above those held for one still queued).
 */
export function changeEvent(
  item: Pick<QueuedChange, "roomId" | "clientMsgId" | "change">,
  me: string,
  seq: number,
  createdAt: number,
): ChatMessage {
  const { change } = item;
  return {
    roomId: item.roomId,
    seq,
    kind: change.kind,
    senderId: me,
    clientMsgId: item.clientMsgId,
    body: change.kind === "edit" ? change.body : "",
    createdAt,
    target: change.target,
    ...(change.kind === "reaction" ? { emoji: change.emoji, on: change.on } : {}),
  };
}

/**
 * `messages` (one room's, in order) as they show with the room's queued changes applied, in
 * the order they were queued; the same array when none applies. The seqs the queued changes
 * stand under are above any the room can hold, so each applies after every stored event.
 */
export function withQueuedChanges(
  messages: readonly ChatMessage[],
  queued: readonly OutboxItem[],
  me: string,
): readonly ChatMessage[] {
  const changes = queued.filter(isChange);
  if (changes.length === 0) return messages;
  const base = Number.MAX_SAFE_INTEGER - changes.length;
  const events = changes.map((item, i) => changeEvent(item, me, base + i, item.createdAt));
  let touched = false;
  const shown = messages.map((message) => {
    let now = message;
    for (const event of events) {
      if (event.roomId === message.roomId && event.target === message.seq) {
        now = applyChange(now, event);
      }
    }
    if (now !== message) touched = true;
    return now;
  });
  return touched ? shown : messages;
}
