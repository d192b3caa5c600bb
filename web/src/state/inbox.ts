/** The inbox as the client holds it: merging what the server answers into what is shown. */
import {
  applyChange,
  type ChatMessage,
  type InboxEntry,
  type InboxPage,
  MESSAGE_KIND_RULES,
  type ObjectCard,
  ROOM_KINDS,
  type RoomSummary,
  unreadKind,
} from "../../../src/protocol";
import { newerCard } from "./cards";

/**
 * A room from an inbox answer, taken without going back: the answer may have left the
 * server before messages, reads or a mark of this device that are already applied here.
 */
export function mergeEntry(local: InboxEntry, fresh: InboxEntry): InboxEntry {
  const readSeq = Math.max(local.readSeq, fresh.readSeq);
  const newer = local.lastSeq > fresh.lastSeq ? local : fresh;
  const unreadCount =
    local.lastSeq > fresh.lastSeq
      ? local.unreadCount
      : readSeq >= fresh.lastSeq
        ? 0
        : fresh.unreadCount;
  const card = newerCard(local.card, fresh.card);
  return {
    ...fresh,
    ...(card ? { card } : {}),
    lastSeq: newer.lastSeq,
    lastMessage: keptHidden(
      newer.lastMessage,
      newer === local ? fresh.lastMessage : local.lastMessage,
    ),
    // Whose chat it is changes with messages (withStranger): the newer side knows.
    stranger: newer.stranger,
    lastActivityAt: Math.max(local.lastActivityAt, fresh.lastActivityAt),
    readSeq,
    unreadCount,
  };
}

/**
 * The preview `shown`, unless `other` is the same message deleted for the user: that is for
 * good and has no seq of its own, so an answer read before it (the same `lastSeq`) must not
 * show the message again.
 */
function keptHidden(shown: ChatMessage | null, other: ChatMessage | null): ChatMessage | null {
  return shown && other?.seq === shown.seq && other.hidden === true && shown.hidden !== true
    ? other
    : shown;
}

/** What a room's details or its message tell of it, enough to list it. */
export type RoomHeard = Pick<RoomSummary, "id" | "kind" | "title"> & {
  lastSeq: number;
  createdAt: number;
  /** An object room's card (RoomDetails has null for other rooms, RoomSummary nothing). */
  card?: ObjectCard | null | undefined;
};

/** A room just created or joined, from its details (or its first message): nothing read yet. */
export function newEntry(room: RoomHeard): InboxEntry {
  return {
    id: room.id,
    kind: room.kind,
    title: room.title,
    ...(room.card ? { card: room.card } : {}),
    lastSeq: room.lastSeq,
    lastMessage: null,
    lastActivityAt: room.createdAt,
    unreadCount: 0,
    readSeq: 0,
    membership: "member",
    muted: false,
    hidden: false,
    stranger: false,
  };
}

/**
 * The entry once `run` holds its room's newest messages (never going back). As the server's
 * inbox has it, an edit, delete or reaction neither becomes the preview nor moves the room
 * up: the preview is the newest message that is not such an event, as it is now (changes
 * applied), so a deleted newest message shows as deleted. A chat hidden from the inbox
 * comes back with its next message (not a change to one).
 */
export function withNewest(entry: InboxEntry, run: readonly ChatMessage[]): InboxEntry {
  const newest = run.at(-1);
  if (!newest || newest.seq < entry.lastSeq) return entry;
  const shown = run.findLast((m) => !MESSAGE_KIND_RULES[m.kind].event);
  let lastMessage = entry.lastMessage;
  if (shown && (!lastMessage || shown.seq >= lastMessage.seq)) {
    lastMessage = shown;
  } else if (lastMessage) {
    // Not in the run: the run's events about it change it still.
    for (const event of run) lastMessage = applyChange(lastMessage, event);
  }
  const arrived = run.some((m) => m.seq > entry.lastSeq && unreadKind(m.kind));
  return {
    ...entry,
    lastSeq: newest.seq,
    lastMessage,
    lastActivityAt: Math.max(entry.lastActivityAt, lastMessage?.createdAt ?? 0),
    hidden: entry.hidden && !arrived,
  };
}

/**
 * The entry once `added` (messages new to this device) are applied to whether it is a
 * stranger's chat, as the user's session decides it (src/session/store.ts): a chat of two
 * that the other member started is a stranger's until the user writes in it. Messages the
 * entry already counts (at or below its `lastSeq`) change nothing.
 */
export function withStranger(
  entry: InboxEntry,
  added: readonly ChatMessage[],
  me: string,
): InboxEntry {
  let stranger = entry.stranger;
  for (const message of added) {
    if (message.seq <= entry.lastSeq) continue;
    if (message.senderId === me && unreadKind(message.kind)) stranger = false;
    const started = message.system;
    if (started?.type === "created" && started.by !== me && ROOM_KINDS[entry.kind].pair) {
      stranger = true;
    }
  }
  return stranger === entry.stranger ? entry : { ...entry, stranger };
}

/**
 * Whether the inbox lists the room at all, as the server's pages do: not while the user
 * hides it, nor an object chat they left (it comes back when they are back).
 */
export function listed(entry: InboxEntry): boolean {
  return !entry.hidden && !(entry.kind === "object" && entry.membership === "left");
}

/** The entry showing the newer of its card and `heard` (from a frame, details or an event). */
export function withCard(entry: InboxEntry, heard: ObjectCard | null | undefined): InboxEntry {
  const card = newerCard(entry.card, heard);
  return card === entry.card || !card ? entry : { ...entry, card };
}

/** The user's membership after a system message that says they left, were removed or joined. */
export function withMembership(entry: InboxEntry, message: ChatMessage, me: string): InboxEntry {
  const event = message.system;
  if ((event?.type === "removed" || event?.type === "left") && event.userId === me) {
    return { ...entry, membership: "left" };
  }
  if (event?.type === "joined" && event.userIds.includes(me)) {
    return { ...entry, membership: "member" };
  }
  return entry;
}

/** Inbox rooms per page the app asks for: the first on every connect, more as the list ends. */
export const INBOX_PAGE_SIZE = 50;

/** Newest activity first, then the larger room id: the server's order (`GET /api/rooms`). */
export function byActivity(a: InboxEntry, b: InboxEntry): number {
  return b.lastActivityAt - a.lastActivityAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * How far down the inbox the pages fetched since the app started reach. Rooms held from the
 * cache past that point are kept (and saved) but not shown: their badges and previews may be
 * old, and they show again, current, when the page holding them is fetched.
 */
export class InboxPaging {
  /** The last room of the last page; "end" once every room was in a page; null before any. */
  private reach: InboxEntry | "end" | null = null;
  /** The next page's cursor, null when there is none (or no page yet). */
  cursor: string | null = null;
  loading = false;

  /** Records a page; the first page (no cursor) starts over. */
  took(page: InboxPage, first: boolean): void {
    const last = page.rooms.at(-1);
    if (first || this.reach !== "end") {
      this.reach = page.nextCursor === null || !last ? "end" : last;
    }
    this.cursor = page.nextCursor;
  }

  /** Whether a room is within the pages fetched (everything, before the first page). */
  shows(entry: InboxEntry): boolean {
    if (!listed(entry)) return false;
    const reach = this.reach;
    return reach === null || reach === "end" || byActivity(entry, reach) <= 0;
  }
}
