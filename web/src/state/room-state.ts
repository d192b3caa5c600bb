/** What the client holds of one room: its inbox entry, messages and members. */
import type { ChatMessage, InboxEntry, RoomMember } from "../../../src/protocol";

export interface RoomState {
  entry: InboxEntry;
  /** Consecutive messages ending at the newest known (see timeline.ts). */
  messages: ChatMessage[];
  /** Members with their read marks, once the room was opened. */
  members: RoomMember[] | null;
  loadingOlder: boolean;
}

/** A room just come to this device: no members yet, nothing loading. */
export function roomState(entry: InboxEntry, messages: ChatMessage[] = []): RoomState {
  return { entry, messages, members: null, loadingOlder: false };
}
