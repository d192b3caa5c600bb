/**
 * The room's newest messages in memory, consecutive seqs, oldest first: fanout reads the same
 * few new messages once per member, and each member's unread count over them, without a
 * query; and because every member gets the same objects, each is turned into JSON once
 * (src/durable/room-deliveries.ts). Kept by bench evidence (the ledger of caches in
 * docs/decisions/0004-paced-fanout.md). A copy of SQLite rows: dropped whenever a
 * transaction fails, trimmed with them.
 */
import { type ChatMessage, countsAsUnread } from "../protocol";

/** How many of the newest messages are kept (up to twice as many between cuts). */
export const RECENT_MESSAGES_CACHED = 512;

export class RecentMessages {
  private messages: ChatMessage[] = [];

  /** The message just stored as the newest; a gap (an older copy) starts the list afresh. */
  push(message: ChatMessage): void {
    if (this.messages.at(-1)?.seq !== message.seq - 1) this.messages = [];
    this.messages.push(message);
    if (this.messages.length > RECENT_MESSAGES_CACHED * 2) {
      this.messages = this.messages.slice(-RECENT_MESSAGES_CACHED);
    }
  }

  /** Forgets everything (after a failed transaction). */
  clear(): void {
    this.messages = [];
  }

  /** The message at `seq`, when memory holds it. Shared: callers must not change it. */
  get(seq: number): ChatMessage | undefined {
    const first = this.messages[0];
    return first ? this.messages[seq - first.seq] : undefined;
  }

  /** A held message's row changed (an edit, a delete, a reaction): memory takes the new one. */
  replace(message: ChatMessage): void {
    const first = this.messages[0];
    const at = first ? message.seq - first.seq : -1;
    if (at >= 0 && at < this.messages.length) this.messages[at] = message;
  }

  /** Messages up to `seq` are leaving SQLite: they leave memory too. */
  trim(seq: number): void {
    const first = this.messages[0];
    if (first && first.seq <= seq) this.messages = this.messages.slice(seq + 1 - first.seq);
  }

  /**
   * Messages in (afterSeq, upTo] of room `roomId`, at most `limit`, when memory holds the
   * whole answer; null when SQLite must answer. Shared objects: callers must not change them.
   */
  between(roomId: string, afterSeq: number, upTo: number, limit: number): ChatMessage[] | null {
    const first = this.messages[0];
    if (!first || first.roomId !== roomId || first.seq > afterSeq + 1) return null;
    const start = afterSeq + 1 - first.seq;
    const end = Math.min(start + limit, upTo - first.seq + 1);
    return end <= this.messages.length ? this.messages.slice(start, Math.max(start, end)) : null;
  }

  /** `userId`'s unread count in (readSeq, upTo] when memory holds that range; else null. */
  unreadFor(userId: string, readSeq: number, upTo: number): number | null {
    const first = this.messages[0];
    const from = Math.min(readSeq, upTo);
    if (!first || first.seq > from + 1 || (this.messages.at(-1)?.seq ?? 0) < upTo) return null;
    let count = 0;
    for (let i = from + 1 - first.seq; i <= upTo - first.seq; i++) {
      const m = this.messages[i] as ChatMessage;
      if (countsAsUnread(m, userId)) count += 1;
    }
    return count;
  }
}
