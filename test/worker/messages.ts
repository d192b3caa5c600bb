/**
 * One factory for the messages and inbox entries tests build by hand, with defaults every
 * field can override.
 */
import type { ChatMessage, InboxEntry } from "../../src/protocol";

export function textMessage(seq: number, fields: Partial<ChatMessage> = {}): ChatMessage {
  return {
    roomId: "grp:test",
    seq,
    kind: "text",
    senderId: "a",
    body: `m${seq}`,
    createdAt: seq,
    ...fields,
  };
}

/** An inbox entry of a group room with nothing in it yet. */
export function inboxEntry(fields: Partial<InboxEntry> = {}): InboxEntry {
  return {
    id: "grp:test",
    kind: "group",
    title: "r",
    lastSeq: 0,
    lastMessage: null,
    lastActivityAt: 0,
    unreadCount: 0,
    readSeq: 0,
    membership: "member",
    muted: false,
    hidden: false,
    stranger: false,
    ...fields,
  };
}
