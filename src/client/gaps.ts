/**
 * Filling the gap a `resync` leaves: for each room, page history after the newest seq this
 * device has, up to the room's last seq; a room the device has never seen gets its latest
 * page only (older pages load when the user scrolls).
 *
 * A room whose history is refused for good (the user left it or was removed: the room
 * answers 404) is not a failure of the whole fill: it is reported through `unreadable`
 * and skipped, so it can never make the client reconnect and ask again. Any other failure
 * (the network, a 5xx, a rate limit) throws, and the caller tries the whole fill later.
 */
import type { ChatMessage, ResyncFrame, RoomSummary } from "../protocol";
import type { ApiClient } from "./api";
import { isFinal } from "./errors";
import { RoomsApi } from "./rooms-api";

export interface GapHandlers {
  /** The newest seq of the room this device has (0 for none). */
  newestSeen(roomId: string): number;
  deliver(room: RoomSummary, message: ChatMessage): void;
  /** The room's history is refused for good: show the room as left, with what is held. */
  unreadable(roomId: string): void;
}

export async function fillGaps(
  api: ApiClient,
  rooms: readonly Pick<ResyncFrame["rooms"][number], "room" | "lastSeq">[],
  handlers: GapHandlers,
): Promise<void> {
  const roomsApi = new RoomsApi(api);
  for (const { room, lastSeq } of rooms) {
    try {
      await fillRoom(roomsApi, room, lastSeq, handlers);
    } catch (error) {
      if (!isFinal(error)) throw error;
      handlers.unreadable(room.id);
    }
  }
}

async function fillRoom(
  api: RoomsApi,
  room: RoomSummary,
  lastSeq: number,
  { newestSeen, deliver }: GapHandlers,
): Promise<void> {
  let after = newestSeen(room.id);
  if (after === 0) {
    const page = await api.history(room.id);
    for (const message of page.messages) deliver(room, message);
    return;
  }
  while (after < lastSeq) {
    const page = await api.history(room.id, { after, limit: 100 });
    for (const message of page.messages) deliver(room, message);
    const last = page.messages.at(-1);
    if (!last) break;
    after = last.seq;
  }
}
