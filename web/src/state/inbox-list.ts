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

  constructor(
    private readonly rooms: Map<string, RoomState>,
    private readonly api: RoomsApi,
  ) {}

  /** Every room held, by latest activity; with `shownOnly`, as far as the pages reach. */
  sorted(shownOnly: boolean): RoomState[] {
    const all = [...this.rooms.values()].sort((a, b) => byActivity(a.entry, b.entry));
    return shownOnly ? all.filter((s) => this.paging.shows(s.entry)) : all;
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
    this.take(page, true);
    return page;
  }

  /** Fetches and takes the next page; null when there is none or one is on its way. */
  async more(): Promise<InboxPage | null> {
    const cursor = this.paging.cursor;
    if (!cursor || this.paging.loading) return null;
    this.paging.loading = true;
    try {
      const page = await this.api.inbox({ limit: INBOX_PAGE_SIZE, cursor });
      this.take(page, false);
      return page;
    } finally {
      this.paging.loading = false;
    }
  }

  /**
   * Takes rooms the server listed, into those held, never winding one back. The inbox's own
   * pages do through `first` and `more`; other lists (the chats about one object) call this.
   */
  merge(rooms: readonly InboxEntry[]): void {
    for (const fresh of rooms) {
      const state = this.rooms.get(fresh.id);
      if (state) state.entry = mergeEntry(state.entry, fresh);
      else this.rooms.set(fresh.id, roomState(fresh));
    }
  }

  private take(page: InboxPage, first: boolean): void {
    this.merge(page.rooms);
    this.paging.took(page, first);
  }
}
