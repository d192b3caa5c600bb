/** Members' read marks as the client holds them. */
import { noteMessage } from "../../../src/client/receipts";
import type { ChatMessage, RoomMember } from "../../../src/protocol";

/**
 * Members from a details answer, which may have left the server before receipts or sends
 * this client has since seen: read marks only move forward, and the sender of each message
 * held has read up to it.
 */
export function freshMembers(
  known: readonly RoomMember[] | null,
  fresh: readonly RoomMember[],
  messages: readonly ChatMessage[],
): RoomMember[] {
  const before = new Map((known ?? []).map((m) => [m.userId, m]));
  let members = fresh.map((m) => {
    const old = before.get(m.userId);
    return old
      ? {
          ...m,
          readSeq: Math.max(m.readSeq, old.readSeq),
          receivedSeq: Math.max(m.receivedSeq, old.receivedSeq),
        }
      : m;
  });
  const newestBySender = new Map<string, ChatMessage>();
  for (const message of messages)
    if (message.senderId) newestBySender.set(message.senderId, message);
  for (const message of newestBySender.values()) members = noteMessage(members, message);
  return members;
}
