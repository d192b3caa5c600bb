/**
 * Filling the gap a `resync` leaves: for each room, page history after the newest seq this
 * device has, up to the room's last seq; a room the device has never seen gets its latest
 * page only (older pages load when the user scrolls).
 */
import type { ChatMessage, HistoryPage, ResyncFrame, RoomSummary } from "../protocol";
import type { ApiClient } from "./api";

export async function fillGaps(
  api: ApiClient,
  rooms: readonly Pick<ResyncFrame["rooms"][number], "room" | "lastSeq">[],
  newestSeen: (roomId: string) => number,
  deliver: (room: RoomSummary, message: ChatMessage) => void,
): Promise<void> {
  for (const { room, lastSeq } of rooms) {
    let after = newestSeen(room.id);
    if (after === 0) {
      const page = await api.authed<HistoryPage>("GET", `/api/rooms/${room.id}/messages`);
      for (const message of page.messages) deliver(room, message);
      continue;
    }
    while (after < lastSeq) {
      const page = await api.authed<HistoryPage>(
        "GET",
        `/api/rooms/${room.id}/messages?after=${after}&limit=100`,
      );
      for (const message of page.messages) deliver(room, message);
      const last = page.messages.at(-1);
      if (!last) break;
      after = last.seq;
    }
  }
}
