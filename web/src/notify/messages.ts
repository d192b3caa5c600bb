/**
 * What the app's pages and its service worker tell each other (postMessage). The worker is
 * the one place notifications are shown and closed, whether a push or a tab asked.
 */
import type { RoomNotice } from "./notice";

/** A page to the worker. */
export type ToWorker =
  /** Show a notice (the tab learned of a message while hidden). */
  | { type: "show"; notice: RoomNotice }
  /** Close the notifications of these rooms: read, or on screen. */
  | { type: "close"; roomIds: string[] };

/** The worker to a page. */
export type ToPage =
  /** A notification was clicked: show this path of the app. */
  { type: "open-room"; url: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null;

/** An app path: "/…", never "//host" (another origin). */
export const isAppPath = (value: unknown): value is string =>
  typeof value === "string" && /^\/(?!\/)/.test(value);

export function asToPage(value: unknown): ToPage | null {
  return isRecord(value) && value.type === "open-room" && isAppPath(value.url)
    ? { type: "open-room", url: value.url }
    : null;
}

export function asToWorker(value: unknown): ToWorker | null {
  if (!isRecord(value)) return null;
  if (value.type === "close" && Array.isArray(value.roomIds)) {
    return { type: "close", roomIds: value.roomIds.filter((id) => typeof id === "string") };
  }
  if (value.type === "show" && isRecord(value.notice)) {
    const { title, body, tag, data } = value.notice;
    if (typeof title !== "string" || typeof body !== "string" || typeof tag !== "string") {
      return null;
    }
    if (!isRecord(data) || !isAppPath(data.url)) return null;
    const roomId = typeof data.roomId === "string" ? data.roomId : null;
    const seq = typeof data.seq === "number" ? data.seq : null;
    return { type: "show", notice: { title, body, tag, data: { url: data.url, roomId, seq } } };
  }
  return null;
}
