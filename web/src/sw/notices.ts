/** Showing and closing the app's notifications, and the app badge, from the worker. */
import { tagRoom } from "../../../src/protocol/push";
import type { NoticeData, RoomNotice } from "../notify/notice";

declare const self: ServiceWorkerGlobalScope;

const ICON = "/icon-192.png";

/** What a push this code cannot read shows: the app has news, and a click opens it. */
export const PLAIN_NOTICE: RoomNotice = {
  title: "Edge Chat",
  body: "New messages",
  tag: "notice",
  data: { url: "/", roomId: null, seq: null },
};

/** Shows a notice; one of the same tag (the same room) is replaced, and alerts again. */
export async function show(notice: RoomNotice): Promise<void> {
  // `renotify` is in the Notifications standard but not in TypeScript's DOM types.
  const options: NotificationOptions & { renotify: boolean } = {
    body: notice.body,
    tag: notice.tag,
    data: notice.data satisfies NoticeData,
    icon: ICON,
    renotify: true,
  };
  await self.registration.showNotification(notice.title, options);
}

/** Closes the notifications of these rooms. */
export async function closeRooms(roomIds: readonly string[]): Promise<void> {
  if (roomIds.length === 0) return;
  const rooms = new Set(roomIds);
  for (const notification of await self.registration.getNotifications()) {
    const room = tagRoom(notification.tag);
    if (room !== null && rooms.has(room)) notification.close();
  }
}

/** The app icon's count, where the browser has one (0 clears it). */
export async function setBadge(count: number): Promise<void> {
  const nav = self.navigator;
  if (!("setAppBadge" in nav)) return;
  await (count > 0 ? nav.setAppBadge(count) : nav.clearAppBadge()).catch(() => undefined);
}
