/**
 * The rooms the inbox lists, fetched a page at a time: the first page on every connect,
 * the next when the list reaches its end. Pages merge into the rooms held (never winding
 * back what this device already applied); see inbox.ts for how far they are shown.
 */
import type { RoomsApi } from "../../../src/client";
import type { InboxEntry, InboxPage } from "../../../src/protocol";
import { byActivity, INBOX_PAGE_SIZE, InboxPaging, mergeEntry } from "./inbox";
import { type RoomState, roomState } from "./room-state";

export class InboxList {
  readonly paging = new InboxPaging();
  /** Rooms added while a first page was out: its answer must not drop them. */
  private addedDuringFetch: Set<string> | null = null;
  /** How many times a room was hidden here, and when (by that count) each last was. */
  private hides = 0;
  private readonly hiddenAt = new Map<string, number>();

  constructor(
    private readonly rooms: Map<string, RoomState>,
    private readonly api: RoomsApi,
  ) {}

  /** Every room held, by latest activity; with `shownOnly`, as far as the pages reach. */
  sorted(shownOnly: boolean): RoomState[] {
    const all = [...this.rooms.values()].sort((a, b) => byActivity(a.entry, b.entry));
    return shownOnly ? all.filter((s) => this.paging.shows(s.entry)) : all;
  }

  /**
   * The room was hidden here (the user hid it, or a `hidden` event said so): a page asked
   * for before then lists it still, and must not show it again with nothing newer.
   */
  hid(roomId: string): void {
    this.hiddenAt.set(roomId, ++this.hides);
  }

  /** A room appeared here (created, or its first message). */
  added(roomId: string): void {
    this.addedDuringFetch?.add(roomId);
  }

  /**
   * Fetches and takes the first page. When it holds every room, rooms held here that it
   * lacks are dropped, unless added meanwhile or `keep` says otherwise.
   */
  async first(keep: (roomId: string) => boolean): Promise<InboxPage> {
    const added = new Set<string>();
    this.addedDuringFetch = added;
    const asked = this.hides;
    let page: InboxPage;
    try {
      page = await this.api.inbox({ limit: INBOX_PAGE_SIZE });
    } finally {
      if (this.addedDuringFetch === added) this.addedDuringFetch = null;
    }
    if (page.nextCursor === null) {
      const listed = new Set(page.rooms.map((e) => e.id));
      for (const id of this.rooms.keys()) {
        if (!listed.has(id) && !added.has(id) && !keep(id)) this.rooms.delete(id);
      }
    }
    this.take(page, true, asked);
    return page;
  }

  /** Fetches and takes the next page; null when there is none or one is on its way. */
  async more(): Promise<InboxPage | null> {
    const cursor = this.paging.cursor;
    if (!cursor || this.paging.loading) return null;
    this.paging.loading = true;
    const asked = this.hides;
    try {
      const page = await this.api.inbox({ limit: INBOX_PAGE_SIZE, cursor });
      this.take(page, false, asked);
      return page;
    } finally {
      this.paging.loading = false;
    }
  }

  /**
   * Takes rooms the server listed, into those held, never winding one back (nor showing one
   * hidden since `asked`, the count of hides when the list was asked for). The inbox's own
   * pages do through `first` and `more`; other lists (the chats about one object) call this.
   */
  merge(rooms: readonly InboxEntry[], asked = this.hides): void {
    for (const fresh of rooms) {
      const state = this.rooms.get(fresh.id);
      if (!state) {
        this.rooms.set(fresh.id, roomState(fresh));
        continue;
      }
      const local = state.entry;
      const merged = mergeEntry(local, fresh);
      // Hidden here since the page was asked for, and the page holds nothing newer.
      const stale = (this.hiddenAt.get(fresh.id) ?? 0) > asked && fresh.lastSeq <= local.lastSeq;
      state.entry = stale && local.hidden ? { ...merged, hidden: true } : merged;
    }
  }

  private take(page: InboxPage, first: boolean, asked: number): void {
    this.merge(page.rooms, asked);
    this.paging.took(page, first);
  }
}
