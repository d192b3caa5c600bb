/**
 * Telling the user of new messages beyond the room on screen: the unread total in the tab's
 * title and on the app icon, a banner in a visible tab away from the inbox, a notification
 * from a hidden tab (its socket is open, so no push comes to this device); and closing a
 * room's notifications once it is read, here or elsewhere. A muted room tells nothing; do not
 * disturb holds back notifications, not the banner of a tab in use.
 */
import { type ChatMessage, doNotDisturbOn } from "../../../src/protocol";
import type { Lang, Translate } from "../i18n";
import type { RoomState } from "../state/room-state";
import { messageText, type Ui } from "../ui/describe";
import { notificationsOn } from "./device";
import { type RoomNotice, roomNotice } from "./notice";
import { tellWorker } from "./worker-link";

/** How long the banner stays. */
export const BANNER_MS = 6_000;

export class Attention {
  /** What the banner shows, while it shows. */
  banner: RoomNotice | null = null;
  private total = 0;
  /** Each room's unread count as last seen, to notice it reach 0. */
  private readonly unread = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  private readonly stops: (() => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private ui: Ui) {}

  start(): void {
    const { store } = this.ui;
    this.stops.push(
      store.subscribe(() => this.follow()),
      store.onArrival((state, message) => this.arrived(state, message)),
    );
    this.follow();
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
    this.dismiss();
    this.total = 0;
    document.title = this.ui.t("appName");
    setBadge(0);
  }

  /** The language changed. */
  speak(t: Translate, lang: Lang): void {
    this.ui = { ...this.ui, t, lang };
    this.follow();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dismiss(): void {
    clearTimeout(this.timer);
    if (!this.banner) return;
    this.banner = null;
    for (const listener of this.listeners) listener();
  }

  /** The rooms changed: the title, the badge, and notifications of rooms now read. */
  private follow(): void {
    const { store, t } = this.ui;
    let total = 0;
    const read: string[] = [];
    for (const { entry } of store.rooms.values()) {
      total += entry.unreadCount;
      if (entry.unreadCount === 0 && this.unread.get(entry.id) !== 0) read.push(entry.id);
      this.unread.set(entry.id, entry.unreadCount);
    }
    const title = total > 0 ? `(${total}) ${t("appName")}` : t("appName");
    if (document.title !== title) document.title = title;
    if (total !== this.total) setBadge(total);
    this.total = total;
    if (read.length > 0) tellWorker({ type: "close", roomIds: read });
    const shown = this.banner?.data.roomId;
    if (shown && read.includes(shown)) this.dismiss();
  }

  private arrived(state: RoomState, message: ChatMessage): void {
    const { store } = this.ui;
    const { entry } = state;
    if (entry.muted) return;
    if (document.visibilityState === "visible") {
      // The inbox (at "/") shows the message itself, and the room on screen too.
      const shown = location.pathname === "/" || store.openRoomId === entry.id;
      if (!shown) this.show(this.notice(state, message, true));
      return;
    }
    if (!notificationsOn() || doNotDisturbOn(store.prefs.doNotDisturbUntil, Date.now())) return;
    tellWorker({ type: "show", notice: this.notice(state, message, store.prefs.previews) });
  }

  private notice(state: RoomState, message: ChatMessage, previews: boolean): RoomNotice {
    const { store, t } = this.ui;
    const { entry } = state;
    const senderName = message.senderId ? store.people.name(message.senderId) : "";
    return roomNotice(
      {
        roomId: entry.id,
        seq: message.seq,
        group: entry.kind !== "direct",
        title: entry.kind === "direct" ? senderName : store.titleOf(entry),
        senderName,
        text: messageText(this.ui, message),
        unread: entry.unreadCount,
        previews,
      },
      {
        newMessage: t("newMessage"),
        newMessages: (count) => t("newMessages", { count }),
      },
    );
  }

  private show(notice: RoomNotice): void {
    clearTimeout(this.timer);
    this.banner = notice;
    for (const listener of this.listeners) listener();
    this.timer = setTimeout(() => this.dismiss(), BANNER_MS);
  }
}

/** The app icon's count, where the browser has one. */
function setBadge(count: number): void {
  if (!("setAppBadge" in navigator)) return;
  (count > 0 ? navigator.setAppBadge(count) : navigator.clearAppBadge()).catch(() => undefined);
}
