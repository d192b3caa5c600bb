/** Members' read marks as the client holds them. */
import { noteMessage } from "../../../src/client";
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

/**
 * The members after a message: one whose leaving or removal it tells is no longer among
 * them (the count shown follows at once, also on the screen of the one removed, who can ask
 * the room nothing more). Members not yet known stay so.
 */
export function afterExit(members: RoomMember[] | null, message: ChatMessage): RoomMember[] | null {
  const event = message.system;
  if (!members || (event?.type !== "left" && event?.type !== "removed")) return members;
  const gone = event.userId;
  return members.some((m) => m.userId === gone)
    ? members.filter((m) => m.userId !== gone)
    : members;
}

/**
 * Read (and, in direct rooms, received) marks per room and member as receipts told them,
 * kept so that a details answer landing later does not wind them back.
 */
export class ReceiptMarks {
  private readonly marks = new Map<string, Map<string, { readSeq: number; receivedSeq: number }>>();

  /** A member's marks in a room moved (never back). */
  note(roomId: string, userId: string, readSeq: number, receivedSeq: number): void {
    let marks = this.marks.get(roomId);
    if (!marks) {
      marks = new Map();
      this.marks.set(roomId, marks);
    }
    const before = marks.get(userId);
    marks.set(userId, {
      readSeq: Math.max(readSeq, before?.readSeq ?? 0),
      receivedSeq: Math.max(receivedSeq, before?.receivedSeq ?? 0),
    });
  }

  /** The members with every mark noted for them applied. */
  apply(roomId: string, members: RoomMember[]): RoomMember[] {
    const marks = this.marks.get(roomId);
    if (!marks) return members;
    return members.map((m) => {
      const mark = marks.get(m.userId);
      return mark
        ? {
            ...m,
            readSeq: Math.max(m.readSeq, mark.readSeq),
            receivedSeq: Math.max(m.receivedSeq, mark.readSeq, mark.receivedSeq),
          }
        : m;
    });
  }
}
