/**
 * Rooms opened at a message (`/rooms/<id>?at=<seq>`, a search hit): the window of history
 * around it (around.ts), paged on as the reader scrolls either way, and given over to the
 * room's live run once the two meet; from then the room is shown as always. A message the
 * live run holds already needs no window: the timeline just lands on it.
 */
import type { RoomsApi } from "../../../src/client";
import { type ChatMessage, type HistoryPage, messageUserIds } from "../../../src/protocol";
import {
  type AroundWindow,
  holds,
  joined,
  opened,
  reachesLive,
  withNewer,
  withOlder,
} from "./around";
import type { RoomState } from "./room-state";
import { hideIn } from "./timeline";

/** Messages a page of a window asks for. */
export const WINDOW_PAGE = 30;

export type Side = "older" | "newer";

export class Jumps {
  private readonly windows = new Map<string, AroundWindow>();
  /** Where each room was last asked to open: a later ask wins over an earlier answer. */
  private readonly asked = new Map<string, number>();
  /** The pages on their way, as `<side> <roomId>`. */
  private readonly paging = new Set<string>();

  constructor(
    private readonly deps: {
      api: RoomsApi;
      rooms: Map<string, RoomState>;
      /** Names wanted for the senders and the people messages name. */
      want: (userIds: string[]) => void;
      changed: () => void;
    },
  ) {}

  /** The room's open window, or null when it shows its live run. */
  window(roomId: string): AroundWindow | null {
    return this.windows.get(roomId) ?? null;
  }

  /** Whether the page on that side of the room's window is on its way. */
  loading(roomId: string, side: Side): boolean {
    return this.paging.has(`${side} ${roomId}`);
  }

  /** Opens the room at `seq`: a window around it unless the live run holds it. */
  async open(roomId: string, seq: number): Promise<void> {
    this.asked.set(roomId, seq);
    if (holds(this.live(roomId), seq)) {
      this.windows.delete(roomId);
      this.deps.changed();
      return;
    }
    const page = await this.deps.api.around(roomId, seq, WINDOW_PAGE);
    if (this.asked.get(roomId) !== seq) return;
    this.deps.want(page.messages.flatMap(messageUserIds));
    this.put(roomId, opened(seq, page));
  }

  /** Loads the page before the window (scrolled to its top). */
  older(roomId: string): Promise<void> {
    const first = this.windows.get(roomId)?.messages[0]?.seq;
    if (!this.windows.get(roomId)?.hasMoreBefore || first === undefined) return Promise.resolve();
    return this.page(roomId, "older", { before: first }, withOlder);
  }

  /** Loads the page after the window (scrolled to its bottom), or joins the live run. */
  newer(roomId: string): Promise<void> {
    const window = this.windows.get(roomId);
    const last = window?.messages.at(-1)?.seq;
    if (!window || last === undefined || this.joinIfMet(roomId, window)) return Promise.resolve();
    return this.page(roomId, "newer", { after: last }, withNewer);
  }

  /** The message `seq` deleted for the user: hidden in the room's window too, if it holds it. */
  hidden(roomId: string, seq: number): void {
    const window = this.windows.get(roomId);
    if (window) this.windows.set(roomId, { ...window, messages: hideIn(window.messages, seq) });
  }

  /** Back to the live run (jump to latest, or the room closed). */
  leave(roomId: string): void {
    this.asked.delete(roomId);
    if (this.windows.delete(roomId)) this.deps.changed();
  }

  private async page(
    roomId: string,
    side: Side,
    query: { before?: number; after?: number },
    add: (window: AroundWindow, page: HistoryPage) => AroundWindow,
  ): Promise<void> {
    const key = `${side} ${roomId}`;
    if (this.paging.has(key)) return;
    this.paging.add(key);
    this.deps.changed();
    try {
      const page = await this.deps.api.history(roomId, { ...query, limit: WINDOW_PAGE });
      this.deps.want(page.messages.flatMap(messageUserIds));
      // Added to the window as it is now (the other side may have grown meanwhile): a page
      // that does not meet its end changes nothing.
      const now = this.windows.get(roomId);
      if (now) this.put(roomId, add(now, page));
    } finally {
      this.paging.delete(key);
      this.deps.changed();
    }
  }

  /** Keeps the window, or hands it to the live run when they meet. */
  private put(roomId: string, window: AroundWindow): void {
    if (!this.joinIfMet(roomId, window)) this.windows.set(roomId, window);
    this.deps.changed();
  }

  private joinIfMet(roomId: string, window: AroundWindow): boolean {
    const state = this.deps.rooms.get(roomId);
    if (!state || !reachesLive(window, state.messages)) return false;
    state.messages = joined(window, state.messages);
    this.windows.delete(roomId);
    this.deps.changed();
    return true;
  }

  private live(roomId: string): ChatMessage[] {
    return this.deps.rooms.get(roomId)?.messages ?? [];
  }
}
