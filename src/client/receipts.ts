/**
 * Per-message read counts, as KakaoTalk shows them: beside each message, how many members
 * have not read it yet. Computed from the members' read watermarks (room details, kept
 * current by receipt events), so it stays right as members read, join and leave: a member
 * who joined after a message is not expected to read it, and one who left no longer counts.
 */
import type { RoomMember } from "../protocol";

export type ReadWatermark = Pick<RoomMember, "userId" | "joinedSeq" | "readSeq">;

/**
 * Keeps watermarks current as messages arrive: writing in a room means having read it up to
 * one's own message, which the server records but announces to no one (a `receipt` per
 * message would double the traffic). Returns the members with the sender's marks raised.
 */
export function noteMessage<T extends ReadWatermark & { receivedSeq?: number }>(
  members: readonly T[],
  message: { senderId: string | null; seq: number },
): T[] {
  return members.map((m) =>
    m.userId === message.senderId && m.readSeq < message.seq
      ? { ...m, readSeq: message.seq, receivedSeq: Math.max(m.receivedSeq ?? 0, message.seq) }
      : m,
  );
}

/** Members who have not read message `seq`: present when it was sent, watermark below it. */
export function unreadBy(members: readonly ReadWatermark[], seq: number): number {
  let count = 0;
  for (const member of members) {
    if (member.joinedSeq <= seq && member.readSeq < seq) count += 1;
  }
  return count;
}
