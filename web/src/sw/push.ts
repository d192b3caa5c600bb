/**
 * A push arrived (docs/protocol.md, "Push notifications"): close what was read elsewhere,
 * set the badge, and show the room's notice, replacing the room's last. A payload this code
 * cannot read still shows a plain notice: the browser expects every push to show one.
 */
import { parsePayload } from "../notify/payload";
import { closeRooms, PLAIN_NOTICE, setBadge, show } from "./notices";

declare const self: ServiceWorkerGlobalScope;

export async function onPush(text: string | null): Promise<void> {
  const payload = parsePayload(text);
  if (!payload) {
    await show(PLAIN_NOTICE);
    return;
  }
  await closeRooms(payload.close);
  await setBadge(payload.badge);
  // The reader is looking at the room: nothing to tell them.
  if (await onScreen(payload.url)) return;
  await show({
    title: payload.title,
    body: payload.body,
    tag: payload.tag,
    data: { url: payload.url, roomId: payload.roomId, seq: payload.seq },
  });
}

/** True when a focused, visible window of the app shows this path. */
async function onScreen(path: string): Promise<boolean> {
  const windows = await self.clients.matchAll({ type: "window" });
  return windows.some(
    (w) => w.focused && w.visibilityState === "visible" && new URL(w.url).pathname === path,
  );
}
