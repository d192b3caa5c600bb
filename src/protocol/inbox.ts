/**
 * The inbox over HTTP: its pages, newest activity first, the cursor between them, and who
 * its entries name.
 */
import * as v from "valibot";
import { wholeParam } from "./common";
import { type ChatMessage, type InboxEntry, type PublicUser, ROOM_ID_PATTERN } from "./model";
import { directPeer } from "./room-ids";

/** Where a page of the inbox ended: the last room's activity time and id (see `inboxCursor`). */
export interface InboxPosition {
  lastActivityAt: number;
  roomId: string;
}

/** `<lastActivityAt>.<roomId>`: opaque to clients, who pass it back as it came. */
const CURSOR = new RegExp(`^(\\d{1,15})\\.(${ROOM_ID_PATTERN})$`);

/** The cursor of the page that ends at `entry`: the next page starts just after it. */
export function inboxCursor(entry: Pick<InboxEntry, "id" | "lastActivityAt">): string {
  return `${entry.lastActivityAt}.${entry.id}`;
}

function toPosition(cursor: string): InboxPosition {
  const match = CURSOR.exec(cursor);
  return { lastActivityAt: Number(match?.[1]), roomId: match?.[2] ?? "" };
}

/** `GET /api/rooms?limit=&cursor=&object=` query parameters. */
export const InboxQuery = v.strictObject({
  limit: wholeParam("limit", 6),
  /** Only the chats about this object. */
  object: v.optional(
    v.pipe(v.string("object must be a string"), v.uuid("object is not an object id")),
  ),
  cursor: v.optional(
    v.pipe(
      v.string("cursor must be a string"),
      v.maxLength(140, "cursor is not one this server gave"),
      v.regex(CURSOR, "cursor is not one this server gave"),
      v.transform(toPosition),
    ),
  ),
});
export type InboxQuery = v.InferOutput<typeof InboxQuery>;

/** `GET /api/rooms`: one page of the inbox, most recent activity first. */
export interface InboxPage {
  rooms: InboxEntry[];
  /**
   * Pass as `cursor` for the next (older) page; null when this page reaches the end. A
   * room whose activity changes while a client pages moves above the cursor: later pages
   * do not carry it again, and the live `message` event says where it went.
   */
  nextCursor: string | null;
  /**
   * The public profiles of every user the page's entries name (see `namedUserIds`), as of
   * this answer. Display names change (`PATCH /api/me`) with no event: take these over
   * names held from before; ids never change.
   */
  users: PublicUser[];
}

/** The users a message names: its sender, and whoever its system event is about. */
export function messageUserIds(message: ChatMessage): string[] {
  const ids = message.senderId ? [message.senderId] : [];
  const event = message.system;
  if (!event) return ids;
  if ("by" in event && event.by) ids.push(event.by);
  if ("userId" in event) ids.push(event.userId);
  if ("userIds" in event) ids.push(...event.userIds);
  return ids;
}

/**
 * The users an inbox entry names, for its title, avatar and preview: the other member of a
 * direct room, and the people its last message names.
 */
export function namedUserIds(entry: InboxEntry, me: string): string[] {
  const peer = directPeer(entry, me);
  return [...(peer ? [peer] : []), ...(entry.lastMessage ? messageUserIds(entry.lastMessage) : [])];
}
