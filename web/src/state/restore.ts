/** The offline cache put back into the rooms held, as the app opens. */
import type { ChatMessage, InboxEntry } from "../../../src/protocol";
import { type RoomState, roomState } from "./room-state";
import { merge } from "./timeline";

/**
 * Adds each cached room, its messages as one run, unless the server already answered for it
 * (that answer is newer). Returns the newest seq held of each room added, so the SDK's resync
 * pages only what came after.
 */
export function restore(
  rooms: Map<string, RoomState>,
  // What ChatCache.load() reads; typed here so this module stays free of IndexedDB.
  cached: { rooms: readonly InboxEntry[]; messages: ReadonlyMap<string, readonly ChatMessage[]> },
): Map<string, number> {
  const newest = new Map<string, number>();
  for (const entry of cached.rooms) {
    if (rooms.has(entry.id)) continue;
    const messages = merge([], cached.messages.get(entry.id) ?? []);
    rooms.set(entry.id, roomState(entry, messages));
    const last = messages.at(-1);
    if (last) newest.set(entry.id, last.seq);
  }
  return newest;
}
