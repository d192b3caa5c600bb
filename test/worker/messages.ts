/**
 * One factory for the messages tests build by hand: a text message at `seq`, with defaults
 * every field can override (a room's id, a sender, a time).
 */
import type { ChatMessage } from "../../src/protocol";

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
