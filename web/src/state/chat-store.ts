/**
 * Everything the screens show, in one place: the inbox (inbox-list.ts), each room's messages
 * and members, read state (receipts.ts), presence and typing (signals.ts), and the unsent
 * messages (outgoing.ts). It opens from the IndexedDB cache at once (restore.ts), then
 * follows the SDK's events (live, replayed, or filled in after a resync) and the REST routes,
 * hands each to the part it concerns, and writes back to the cache as things change. Screens
 * subscribe and re-render.
 */
import {
  type ApiClient,
  ChatClient,
  type ChatEvent,
  type FileToSend,
  isFinal,
  LinkCache,
  ObjectsApi,
  RoomsApi,
} from "../../../src/client";
import {
  type AuthResult,
  type ChatMessage,
  type ChatObject,
  cardOf,
  directPeer,
  hiddenForm,
  type InboxPage,
  messageUserIds,
  type NotificationPrefs,
  namedUserIds,
  type RoomDetails,
  type RoomSummary,
} from "../../../src/protocol";
import { xhrTransport } from "../media/xhr-transport";
import { CacheWriter } from "../storage/cache-writer";
import { ChatCache } from "../storage/chat-cache";
import { IdbCursorStore } from "../storage/cursor-store";
import { browserStorage, DraftStore } from "../storage/draft-store";
import { IdbOutboxStore } from "../storage/outbox-store";
import { objectPeer } from "./cards";
import { HiddenSeqs } from "./hidden-seqs";
import {
  newEntry,
  type RoomHeard,
  withCard,
  withMembership,
  withNewest,
  withStranger,
} from "./inbox";
import { InboxList } from "./inbox-list";
import { Jumps } from "./jumps";
import { afterExit } from "./members";
import { watchNetwork } from "./network-watch";
import { Outgoing, type SendOptions } from "./outgoing";
import { People } from "./people";
import { QuoteTargets } from "./quote-targets";
import { Receipts } from "./receipts";
import { ReplyDrafts } from "./reply-drafts";
import { restore } from "./restore";
import { type RoomState, roomState } from "./room-state";
import { Safety } from "./safety";
import { RoomSignals } from "./signals";
import { gapBefore, hideIn, merge, messageAt } from "./timeline";

/** Messages per history page the room view asks for. */
export const PAGE_SIZE = 30;

export type Status = "connecting" | "online" | "offline" | "stopped";

/** A new message from someone else, counted unread: what notices and the banner tell of. */
export type Arrival = (state: RoomState, message: ChatMessage) => void;

export class ChatStore {
  status: Status = "connecting";
  readonly rooms = new Map<string, RoomState>();
  readonly people: People;
  /** Presence and who is typing, in the rooms watched. */
  readonly signals: RoomSignals;
  /** My messages on their way: pending, failed, or stored but not yet in their run. */
  readonly outgoing: Outgoing;
  openRoomId: string | null = null;
  /** The inbox's pages: the first on every connect, more as the list reaches its end. */
  readonly list: InboxList;
  readonly client: ChatClient;
  readonly api: RoomsApi;
  readonly objects: ObjectsApi;
  /** Links to files (photos, avatars, downloads), asked for in batches and reused. */
  readonly links: LinkCache;
  /** The message each room's composer replies to. */
  readonly replies = new ReplyDrafts(() => this.changed());
  /** What the user was writing in each room (kept in this browser). */
  readonly drafts: DraftStore;
  /** The messages replies quote: this device's own copies, or loaded one at a time. */
  readonly quotes: QuoteTargets;
  /** Whom the user blocked, blocking and reporting. */
  readonly safety: Safety;
  /** Rooms opened at a message (a search hit): the history around it, until it meets the live end. */
  readonly jumps: Jumps;
  /** Messages deleted for the user: a copy that comes later is hidden too. */
  private readonly hiddenSeqs = new HiddenSeqs();
  /** The user's notification settings as last heard: asked on connect, then `prefs` events. */
  prefs: Pick<NotificationPrefs, "doNotDisturbUntil" | "previews"> = {
    doNotDisturbUntil: null,
    previews: true,
  };

  private readonly listeners = new Set<() => void>();
  private readonly arrivals = new Set<Arrival>();
  private readonly cache: ChatCache;
  private readonly saver: CacheWriter;
  /** Set by stop(): nothing this store learns afterwards is shown or saved. */
  private closed = false;
  /** Stops passing the browser's network events to the client. */
  private unwatchNetwork = () => {};
  /** Read marks and unread badges, the user's and the members'. */
  private readonly receipts: Receipts;

  constructor(
    readonly http: ApiClient,
    readonly me: AuthResult,
    databaseName?: string,
  ) {
    const userId = me.user.id;
    this.outgoing = new Outgoing(userId);
    this.cache = new ChatCache(userId, databaseName);
    this.drafts = new DraftStore(browserStorage(), userId);
    this.api = new RoomsApi(http);
    this.objects = new ObjectsApi(http);
    this.list = new InboxList(this.rooms, this.api);
    this.receipts = new Receipts(this.rooms, userId);
    this.saver = new CacheWriter(this.cache, {
      rooms: () => this.list.sorted(false).map((s) => s.entry),
      people: () => this.people.all(),
      messages: (roomId) => this.rooms.get(roomId)?.messages ?? [],
    });
    this.people = new People(http, () => {
      this.saver.rooms();
      this.changed();
    });
    this.people.add([me.user]);
    this.client = new ChatClient({
      api: http,
      cursorStore: new IdbCursorStore(userId, databaseName),
      outboxStore: new IdbOutboxStore(userId, databaseName),
      uploadTransport: xhrTransport,
    });
    this.links = new LinkCache({
      fetchLinks: (ids) => this.client.media.links(ids),
      changed: () => this.changed(),
    });
    this.signals = new RoomSignals(this.client, () => this.changed());
    this.safety = new Safety(http, this.client, () => this.changed());
    this.jumps = new Jumps({
      api: this.api,
      rooms: this.rooms,
      want: (userIds) => this.people.want(userIds),
      changed: () => this.changed(),
    });
    this.quotes = new QuoteTargets({
      held: (roomId, seq) =>
        messageAt(this.rooms.get(roomId)?.messages ?? [], seq) ??
        [...this.outgoing.sent.values()].find((m) => m.roomId === roomId && m.seq === seq),
      history: async (roomId, after, limit) => {
        const { messages } = await this.api.history(roomId, { after, limit });
        this.people.want(messages.flatMap(messageUserIds));
        return messages;
      },
      changed: () => this.changed(),
    });
    this.client.on((event) => this.onEvent(event));
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls `listener` for every new message from someone else that counts as unread. */
  onArrival(listener: Arrival): () => void {
    this.arrivals.add(listener);
    return () => this.arrivals.delete(listener);
  }

  /** Shows the cache, then connects. */
  async start(): Promise<void> {
    try {
      const cached = await this.cache.load();
      if (this.closed) return;
      this.people.add(cached.people);
      for (const [roomId, seq] of restore(this.rooms, cached)) this.client.remember(roomId, seq);
      this.changed();
    } catch {
      // No cache (private mode, storage full): the server fills everything in.
    }
    if (this.closed) return;
    this.client.start();
    this.unwatchNetwork = watchNetwork(this.client);
    addEventListener("pagehide", this.saver.flush);
  }

  /** Disconnects for good, saving what is pending (unless signing out). */
  async stop(save = true): Promise<void> {
    if (this.closed) return;
    if (save) this.saver.flush();
    this.closed = true;
    this.saver.stop();
    this.links.clear();
    this.unwatchNetwork();
    removeEventListener("pagehide", this.saver.flush);
    await this.client.stop();
  }

  /** Signs out: forgets this user's records on this browser, then the session. */
  async signOut(): Promise<void> {
    await this.stop(false);
    this.drafts.clearAll();
    await this.cache.clear().catch(() => undefined);
    await this.http.signOut().catch(() => undefined);
  }

  /** The inbox as shown: rooms by latest activity, as far down as the pages fetched reach. */
  inbox(): RoomState[] {
    return this.list.sorted(true);
  }

  /**
   * The room's name as a person reads it: an object chat's object as its card has it now,
   * the title, or the other member's name.
   */
  titleOf(entry: RoomSummary): string {
    if (entry.card) return entry.card.title;
    if (entry.title) return entry.title;
    const peer = this.peerOf(entry);
    return peer ? this.people.name(peer) : entry.id;
  }

  /** In a direct or object room, the other member (an asker's, once the card is known). */
  peerOf(room: RoomSummary): string | null {
    const me = this.me.user.id;
    return directPeer(room, me) ?? objectPeer(room, me);
  }

  /** Fetches the inbox's first page (on every connect): the newest rooms, current. */
  async refreshInbox(): Promise<void> {
    this.tookPage(await this.list.first((roomId) => roomId === this.openRoomId));
  }

  /** Fetches the next page of the inbox (the list was scrolled to its end). */
  async loadMoreRooms(): Promise<void> {
    const more = this.list.more();
    this.changed(); // shows it loading
    try {
      const page = await more;
      if (page) this.tookPage(page);
    } finally {
      this.changed();
    }
  }

  private tookPage(page: InboxPage): void {
    if (this.closed) return;
    // The page names everyone its rooms show, as they are called now; anyone left out is
    // looked up (a user who is gone is asked once).
    this.people.add(page.users);
    this.people.want(
      page.rooms.flatMap((e) => [this.peerOf(e), ...namedUserIds(e, this.me.user.id)]),
    );
    this.signals.followInbox(this.inbox(), this.openRoomId);
    this.saver.rooms();
    this.changed();
  }

  /**
   * The room view opened: follow its live signals and bring its messages up to date. A room
   * the user left shows what this device holds (at least its last message) and asks the
   * server nothing: every room route answers a former member 404.
   */
  async openRoom(roomId: string): Promise<void> {
    this.openRoomId = roomId;
    if (this.hasLeft(roomId)) {
      this.showLast(roomId);
      this.changed();
      return;
    }
    this.signals.watch(roomId);
    this.client.openRoom(roomId); // new messages straight from the room while it is shown
    this.markRead(roomId); // what the cache shows counts as read, online or not
    this.changed();
    try {
      const details = await this.refreshMembers(roomId);
      await this.catchUp(roomId, details.lastSeq);
    } finally {
      this.markRead(roomId);
    }
  }

  /** Fetches the room's details: title, members and their read marks. */
  async refreshMembers(roomId: string): Promise<RoomDetails> {
    const details = await this.refused(roomId, this.api.details(roomId));
    this.receipts.members(this.ensureRoom(details), details.members);
    this.people.want(details.members.map((m) => m.userId));
    this.changed();
    return details;
  }

  /**
   * Where the open room's unread messages began as the user opened it (opening reads them at
   * once), or null when there were none: the timeline's divider goes above the next.
   */
  unreadAfter(roomId: string): number | null {
    return this.receipts.unreadAfter(roomId);
  }

  closeRoom(roomId: string): void {
    if (this.openRoomId === roomId) this.openRoomId = null;
    this.receipts.closed(roomId);
    this.client.typing(roomId, false);
    this.client.closeRoom(roomId);
    this.signals.closed(roomId);
    this.changed();
  }

  /** Loads the page before the oldest message held (scrolling up). */
  async loadOlder(roomId: string): Promise<void> {
    const state = this.rooms.get(roomId);
    const oldest = state?.messages[0]?.seq;
    if (!state || state.loadingOlder || oldest === undefined || oldest <= 1) return;
    if (this.hasLeft(roomId)) return;
    state.loadingOlder = true;
    this.changed();
    try {
      const page = await this.refused(
        roomId,
        this.api.history(roomId, { before: oldest, limit: PAGE_SIZE }),
      );
      state.messages = merge(page.messages, state.messages);
      this.people.want(page.messages.flatMap(messageUserIds));
    } finally {
      state.loadingOlder = false;
      this.changed();
    }
  }

  /** Sends text, as a reply when `replyTo` is given. */
  send(roomId: string, body: string, { clientMsgId, replyTo }: SendOptions = {}): void {
    this.client.typing(roomId, false);
    const sending =
      replyTo === undefined
        ? this.client.send(roomId, body, clientMsgId)
        : this.client.reply(roomId, replyTo, body, clientMsgId);
    sending.catch(() => undefined); // shown as failed
  }

  /** Sends files (uploaded first, each thumbnail before its image) with a caption. */
  sendFiles(
    roomId: string,
    files: readonly FileToSend[],
    caption: string,
    { clientMsgId, replyTo }: SendOptions = {},
  ) {
    this.client.typing(roomId, false);
    this.client.sendFiles(roomId, files, caption, clientMsgId, replyTo).catch(() => undefined);
  }

  /** Cancels a file of a message on its way, before it is uploaded. */
  cancelFile(clientMsgId: string, key: string): void {
    this.client.cancelFile(clientMsgId, key);
  }

  retry(clientMsgId: string): void {
    const failed = this.outgoing.take(clientMsgId);
    if (!failed) return;
    const { roomId, files, body, replyTo } = failed;
    if (files) this.sendFiles(roomId, files, body, { clientMsgId, replyTo });
    else this.send(roomId, body, { clientMsgId, replyTo });
  }

  discard(clientMsgId: string): void {
    this.outgoing.take(clientMsgId);
    this.changed();
  }

  /** Marks the open room read up to its newest message while the page is visible. */
  markRead(roomId: string): void {
    if (this.openRoomId !== roomId || document.visibilityState !== "visible") return;
    const newest = this.receipts.read(roomId);
    if (newest === null) return;
    this.client.markRead(roomId, newest);
    this.saver.rooms();
    this.changed();
  }

  /**
   * Adds or refreshes a room from the REST answer (created, renamed, members changed) or a
   * message's room; an object room's card only moves to a newer version.
   */
  ensureRoom(details: RoomHeard): RoomState {
    const existing = this.rooms.get(details.id);
    if (existing) {
      const entry = { ...existing.entry, title: details.title, kind: details.kind };
      existing.entry = withCard(entry, details.card);
      return existing;
    }
    const state = roomState(this.receipts.withEarlyRead(newEntry(details)));
    this.rooms.set(details.id, state);
    this.list.added(details.id);
    this.saver.rooms();
    this.changed();
    return state;
  }

  /**
   * The object as its routes answered the owner (an edit, a deal): every chat about it shows
   * its card at once; the chats' own event brings the same version a moment later.
   */
  objectChanged(object: ChatObject): void {
    const card = cardOf(object);
    for (const state of this.rooms.values()) {
      if (state.entry.card?.id === object.id) state.entry = withCard(state.entry, card);
    }
    this.saver.rooms();
    this.changed();
  }

  /** Rooms a list of chats about one object fetched: held, named and kept current here. */
  tookRooms(page: InboxPage): void {
    this.list.merge(page.rooms);
    this.tookPage(page);
  }

  setMutedLocally(roomId: string, muted: boolean): void {
    const state = this.rooms.get(roomId);
    if (!state) return;
    state.entry = { ...state.entry, muted };
    this.saver.rooms();
    this.changed();
  }

  /** "Delete for me": the message goes from this device now, and from the others by the log. */
  async hideMessage(roomId: string, seq: number): Promise<void> {
    await this.api.hideMessage(roomId, seq);
    this.hidden(roomId, seq);
  }

  /** The message `seq` deleted for the user, on this device or another. */
  private hidden(roomId: string, seq: number): void {
    this.hiddenSeqs.add(roomId, seq);
    const state = this.rooms.get(roomId);
    if (!state) return;
    state.messages = hideIn(state.messages, seq);
    this.jumps.hidden(roomId, seq);
    const last = state.entry.lastMessage;
    if (last?.seq === seq) state.entry = { ...state.entry, lastMessage: hiddenForm(last) };
    // Written now, not in a while: the cursor moves past this event at once, and nothing
    // would page the message again to hide it after a reload that lost the write.
    this.saver.room(roomId);
    this.saver.flush();
    this.changed();
  }

  /**
   * Hides the chat from the inbox on every device until its next message. Shown hidden here
   * at once, unless a message came meanwhile (the server's `hidden` event settles it anyway).
   */
  async hide(roomId: string): Promise<void> {
    const lastSeq = this.rooms.get(roomId)?.entry.lastSeq;
    await this.api.setHidden(roomId, true);
    const state = this.rooms.get(roomId);
    if (!state || state.entry.lastSeq !== lastSeq) return;
    state.entry = { ...state.entry, hidden: true };
    this.list.hid(roomId);
    this.saver.rooms();
    this.changed();
  }

  forgetRoom(roomId: string): void {
    this.rooms.delete(roomId);
    this.signals.unwatch(roomId);
    this.client.closeRoom(roomId);
    this.saver.rooms();
    this.changed();
  }

  changed(): void {
    if (this.closed) return;
    for (const listener of this.listeners) listener();
  }

  /** True once the user left the room or was removed (as far as this device knows). */
  hasLeft(roomId: string): boolean {
    return this.rooms.get(roomId)?.entry.membership === "left";
  }

  /**
   * The user is no longer in the room: shown as left with what this device holds, its
   * socket and live signals let go, and nothing more asked of it.
   */
  private markLeft(roomId: string): void {
    const state = this.rooms.get(roomId);
    if (!state) return;
    if (state.entry.membership !== "left") {
      state.entry = { ...state.entry, membership: "left" };
      this.saver.rooms();
    }
    this.client.closeRoom(roomId);
    this.signals.released(roomId);
    if (this.openRoomId === roomId) this.showLast(roomId);
    this.changed();
  }

  /** A room with no messages held shows the inbox's last message, when there is one. */
  private showLast(roomId: string): void {
    const state = this.rooms.get(roomId);
    const last = state?.entry.lastMessage;
    if (state && last && state.messages.length === 0) state.messages = [last];
  }

  /** Awaits a request about a room; a final refusal (404: no longer a member) marks it left. */
  private async refused<T>(roomId: string, request: Promise<T>): Promise<T> {
    try {
      return await request;
    } catch (error) {
      if (isFinal(error) && error.code === "not_found") this.markLeft(roomId);
      throw error;
    }
  }

  /** Pages what is missing after the newest message held, or the latest page if far behind. */
  private async catchUp(roomId: string, lastSeq: number): Promise<void> {
    const state = this.rooms.get(roomId);
    if (!state) return;
    let newest = state.messages.at(-1)?.seq ?? 0;
    if (newest === 0 || lastSeq - newest > PAGE_SIZE * 4) {
      const page = await this.refused(roomId, this.api.history(roomId, { limit: PAGE_SIZE }));
      this.addMessages(roomId, page.messages);
      return;
    }
    while (newest < lastSeq) {
      const page = await this.refused(
        roomId,
        this.api.history(roomId, { after: newest, limit: 100 }),
      );
      const last = page.messages.at(-1);
      if (!last) return;
      this.addMessages(roomId, page.messages);
      newest = last.seq;
    }
  }

  private addMessages(roomId: string, arrived: ChatMessage[]): void {
    const state = this.rooms.get(roomId);
    if (!state || arrived.length === 0) return;
    const messages = this.hiddenSeqs.apply(roomId, arrived);
    state.messages = merge(state.messages, messages);
    for (const m of messages) this.outgoing.placed(m);
    this.receipts.placed(state, messages);
    state.entry = withNewest(withStranger(state.entry, messages, this.me.user.id), state.messages);
    // Names for the title, avatar and preview now, not when the room is first opened.
    this.people.want([this.peerOf(state.entry), ...messages.flatMap(messageUserIds)]);
    this.saver.room(roomId);
    this.changed();
  }

  private onEvent(event: ChatEvent): void {
    if (this.closed) return;
    switch (event.type) {
      case "status":
        this.status = event.status;
        if (event.status !== "online") this.signals.disconnected();
        if (event.status === "online") {
          void this.refreshInbox().catch(() => undefined);
          void this.refreshPrefs().catch(() => undefined);
        }
        if (event.status === "online" && this.openRoomId) {
          void this.openRoom(this.openRoomId).catch(() => undefined);
        }
        break;
      case "message":
        void this.onMessage(event.room, event.message);
        return;
      case "read":
        if (this.receipts.onRead(event)) this.saver.rooms();
        break;
      case "left":
        this.markLeft(event.roomId);
        return;
      case "more_rooms":
        // A cut resync: the inbox's pages carry the rest (the first on every connect, more
        // as the list reaches its end), and rooms past them are not shown until then.
        return;
      case "muted": {
        const state = this.rooms.get(event.roomId);
        if (state) state.entry = { ...state.entry, muted: event.muted };
        this.saver.rooms();
        break;
      }
      case "hidden": {
        const state = this.rooms.get(event.roomId);
        if (state) state.entry = { ...state.entry, hidden: event.hidden };
        if (event.hidden) this.list.hid(event.roomId);
        this.saver.rooms();
        break;
      }
      case "message_hidden":
        this.hidden(event.roomId, event.seq);
        return;
      case "outbox":
        this.outgoing.pending = event.pending;
        break;
      case "sent": {
        const run = this.rooms.get(event.result.roomId)?.messages;
        const message = this.outgoing.acknowledged(event.result, run);
        if (message) this.addMessages(message.roomId, [message]);
        break;
      }
      case "failed":
        this.outgoing.refused(event.roomId, event.clientMsgId, event.error);
        break;
      case "presence":
        this.signals.onPresence(event.users);
        break;
      case "typing":
        this.signals.typed(event);
        return;
      case "receipt":
        this.receipts.note(event.roomId, event.userId, event.readSeq, event.receivedSeq);
        break;
      case "prefs":
        this.prefs = { doNotDisturbUntil: event.doNotDisturbUntil, previews: event.previews };
        break;
    }
    this.changed();
  }

  private async onMessage(room: RoomSummary, message: ChatMessage): Promise<void> {
    const state = this.ensureRoom({ ...room, lastSeq: 0, createdAt: message.createdAt });
    if (message.system?.type === "object") state.entry = withCard(state.entry, message.system.card);
    const unread = state.entry.unreadCount;
    this.receipts.arrived(state, message);
    const counted = state.entry.unreadCount > unread;
    state.entry = withMembership(state.entry, message, this.me.user.id);
    state.members = afterExit(state.members, message);
    const gap = gapBefore(state.messages, message.seq);
    if (gap !== null && this.openRoomId === room.id) {
      try {
        await this.catchUp(room.id, message.seq - 1);
      } catch {
        // Shown from this message on; scrolling up loads the rest.
      }
    }
    this.addMessages(room.id, [message]);
    if (counted) for (const arrival of this.arrivals) arrival(state, message);
    if (message.system && this.openRoomId === room.id && state.entry.membership === "member") {
      void this.refreshMembers(room.id).catch(() => undefined); // joins, leaves, renames
    }
    if (message.senderId !== this.me.user.id) this.signals.typingStopped(room.id, message.senderId);
    this.markRead(room.id);
  }

  private async refreshPrefs(): Promise<void> {
    const { doNotDisturbUntil, previews } = await this.api.notificationPrefs();
    this.prefs = { doNotDisturbUntil, previews };
    this.changed();
  }
}
