/**
 * A notification was clicked: a window of the app shows the room (it is told to navigate,
 * keeping its state), else a new one opens at it.
 */
import { isAppPath, type ToPage } from "../notify/messages";

declare const self: ServiceWorkerGlobalScope;

export async function openFrom(notification: Pick<Notification, "close" | "data">) {
  notification.close();
  const data: unknown = notification.data;
  const url =
    typeof data === "object" && data !== null && "url" in data && isAppPath(data.url)
      ? data.url
      : "/";
  const windows = await self.clients.matchAll({ type: "window" });
  const app = windows.find((w) => w.focused) ?? windows[0];
  if (!app) {
    await self.clients.openWindow(url);
    return;
  }
  app.postMessage({ type: "open-room", url } satisfies ToPage);
  // Allowed only within a click the browser dispatched; a window not brought forward still
  // shows the room.
  await app.focus().catch(() => undefined);
}
