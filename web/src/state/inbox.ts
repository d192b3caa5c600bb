/** The inbox as the client holds it: merging what the server answers into what is shown. */
import type { InboxEntry } from "../../../src/protocol";

/**
 * A room from an inbox answer, taken without going back: the answer may have left the
 * server before messages, reads or a mark of this device that are already applied here.
 */
export function mergeEntry(local: InboxEntry, fresh: InboxEntry): InboxEntry {
  const readSeq = Math.max(local.readSeq, fresh.readSeq);
  const newer = local.lastSeq > fresh.lastSeq ? local : fresh;
  const unreadCount =
    local.lastSeq > fresh.lastSeq
      ? local.unreadCount
      : readSeq >= fresh.lastSeq
        ? 0
        : fresh.unreadCount;
  return {
    ...fresh,
    lastSeq: newer.lastSeq,
    lastMessage: newer.lastMessage,
    lastActivityAt: Math.max(local.lastActivityAt, fresh.lastActivityAt),
    readSeq,
    unreadCount,
  };
}
