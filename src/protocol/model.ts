/**
 * Rooms and messages as both HTTP and the sockets carry them: the fields they share (room
 * ids, seqs, message text) as valibot schemas, and the shapes of rooms, messages, members and
 * inbox rows.
 */
import * as v from "valibot";
import { charLength, LIMITS } from "./common";
import type { Attachment } from "./media";
import type { ObjectCard } from "./objects";

// ---------------------------------------------------------------------------------------
// Fields
// ---------------------------------------------------------------------------------------

/**
 * A room id, as a regex source with no anchors and no capturing group, for patterns that
 * hold one (the inbox cursor). Room ids: `dm:<userA>:<userB>` (sorted), `grp:<random>`,
 * `obj:<object>:<asker>`.
 */
export const ROOM_ID_PATTERN = "(?:dm|grp|obj):[A-Za-z0-9_-]+(?::[A-Za-z0-9_-]+)?";

/** Room ids: see {@link ROOM_ID_PATTERN}. */
export const RoomId = v.pipe(
  v.string("roomId must be a string"),
  v.maxLength(120, "roomId is too long"),
  v.regex(new RegExp(`^${ROOM_ID_PATTERN}$`), "roomId is not a room id"),
);

/** A seq in a room: positive, an integer, within what JSON numbers hold exactly. */
export const Seq = v.pipe(
  v.number("seq must be a number"),
  v.integer("seq must be an integer"),
  v.minValue(1, "seq must be at least 1"),
  v.maxValue(2 ** 53 - 1, "seq is too large"),
);

/** The message text: trimmed of nothing (spacing is the sender's), never empty. */
export const MessageBody = v.pipe(
  v.string("body must be a string"),
  v.check((s) => s.trim().length > 0, "body must not be empty"),
  v.check(
    (s) => charLength(s) <= LIMITS.messageMax,
    `body must be at most ${LIMITS.messageMax} characters`,
  ),
);
/** A caption: the text that comes with files, which may be empty. */
export const Caption = v.pipe(
  v.string("body must be a string"),
  v.check(
    (s) => charLength(s) <= LIMITS.messageMax,
    `body must be at most ${LIMITS.messageMax} characters`,
  ),
);

/**
 * A send's content: text, files, or both. Its `body` may be empty (or absent) only when it
 * attaches files; without them it is a {@link MessageBody}.
 */
export function hasContent(send: { body: string; attachments?: readonly string[] }): boolean {
  return send.attachments !== undefined || send.body.trim().length > 0;
}
export const NO_CONTENT = "body must not be empty";

export const ClientMsgId = v.pipe(
  v.string("clientMsgId must be a string"),
  v.minLength(1, "clientMsgId must not be empty"),
  v.maxLength(
    LIMITS.clientMsgIdMax,
    `clientMsgId must be at most ${LIMITS.clientMsgIdMax} characters`,
  ),
);

export const ROLES = ["owner", "admin", "member"] as const;
export type Role = (typeof ROLES)[number];

// ---------------------------------------------------------------------------------------
// Rooms and messages
// ---------------------------------------------------------------------------------------

export type RoomKind = "direct" | "group" | "object";

/** A change to a room, recorded as a system message in the room's sequence. */
export type SystemEvent =
  | { type: "created"; by: string; title: string | null; memberIds: string[] }
  | { type: "joined"; by: string; userIds: string[] }
  | { type: "left"; userId: string }
  | { type: "removed"; by: string; userId: string }
  | { type: "renamed"; by: string; title: string }
  | { type: "role"; by: string | null; userId: string; role: Role }
  /**
   * The chat's object changed on its card (an object room only): `card` as it is now,
   * `previous` as it was. "Reserved for you" is `card.dealWith` being the reader.
   */
  | { type: "object"; by: string; card: ObjectCard; previous: ObjectCard };

/**
 * What a message is. The list grows (attachments, object posts, edit and reaction events
 * next: see docs/decisions/0008-changing-messages.md); every consumer switches on it with
 * `assertNever`, so a new kind is a type error wherever it needs a decision.
 */
export const MESSAGE_KINDS = [
  "text",
  "system",
  "object",
  "attachment",
  "edit",
  "delete",
  "reaction",
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** One message of a room, as stored and as delivered. */
export interface ChatMessage {
  roomId: string;
  /** Gap-free, strictly increasing per room, from 1. */
  seq: number;
  kind: MessageKind;
  /** The author; null for system messages and for what the chat's object posts (`object`). */
  senderId: string | null;
  /** The sender's idempotency key; absent on system messages. */
  clientMsgId?: string;
  /** Text for `text` and `object`; the caption (may be empty) for `attachment`; empty for `system`. */
  body: string;
  /** The files of an `attachment` message, in the sender's order; absent on other kinds. */
  attachments?: Attachment[];
  /** The seq of the earlier message of this room it replies to (quotes); absent if none. */
  replyTo?: number;
  system?: SystemEvent;
  createdAt: number;
  /** An `edit`, `delete` or `reaction` event: the seq of the message it changes. */
  target?: number;
  /** A `reaction` event: the emoji (one of `REACTION_EMOJI`), and whether it is put or taken back. */
  emoji?: string;
  on?: boolean;
  /** When the message was last edited; absent if never. */
  editedAt?: number;
  /**
   * When the message was deleted for everyone: its text, files and reactions are gone
   * (`body` is empty); absent if it was not.
   */
  deletedAt?: number;
  /** The reactions to the message, each emoji with who put it, in the order first put. */
  reactions?: Reaction[];
  /**
   * The seq of the newest event that changed the message (an edit, a delete or a
   * reaction); absent if none has. An event at or below it is already applied.
   */
  version?: number;
  /**
   * True in the caller's own views of a message they deleted for themselves ("delete for
   * me"): their history pages and inbox preview. Its text, files and reactions are left out
   * (`body` is empty); the other members still see it whole.
   */
  hidden?: boolean;
}

/** One emoji under a message, and the members who put it, in the order they did. */
export interface Reaction {
  emoji: string;
  userIds: string[];
}

/** The changes a member may make to an earlier message, by the kind of event each is. */
export const CHANGE_KINDS = ["edit", "delete", "reaction"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * What each kind of message does, one row per kind (the type demands a row for every kind):
 * - `unread`: counts as unread for the members who did not send it, and so in the room's
 *   running counts (what people write does, what the room records does not);
 * - `searchable`: search finds it by its text;
 * - `quotable`: a reply may quote it (`replyTo`);
 * - `changes`: the events that may change it (an edit, a delete, a reaction);
 * - `event`: it is itself such an event, about its `target`: never unread, and it neither
 *   moves its room up the inbox nor becomes the room's preview.
 */
export const MESSAGE_KIND_RULES: Readonly<
  Record<
    MessageKind,
    {
      unread: boolean;
      searchable: boolean;
      quotable: boolean;
      changes: readonly ChangeKind[];
      event: boolean;
    }
  >
> = {
  text: { unread: true, searchable: true, quotable: true, changes: CHANGE_KINDS, event: false },
  // Files with an optional caption; found by the caption and the files' names.
  attachment: {
    unread: true,
    searchable: true,
    quotable: true,
    changes: CHANGE_KINDS,
    event: false,
  },
  // Posted by the chat's object itself (a device's report, a listing's price drop): no
  // member wrote it, so none edits or deletes it; members react to it.
  object: { unread: true, searchable: true, quotable: true, changes: ["reaction"], event: false },
  system: { unread: false, searchable: false, quotable: false, changes: [], event: false },
  edit: { unread: false, searchable: false, quotable: false, changes: [], event: true },
  delete: { unread: false, searchable: false, quotable: false, changes: [], event: true },
  reaction: { unread: false, searchable: false, quotable: false, changes: [], event: true },
};

/** The kinds a reply may quote (see {@link MESSAGE_KIND_RULES}). */
export const QUOTABLE_KINDS = MESSAGE_KINDS.filter((kind) => MESSAGE_KIND_RULES[kind].quotable);

/** Whether messages of this kind count as unread (see {@link MESSAGE_KIND_RULES}). */
export function unreadKind(kind: MessageKind): boolean {
  return MESSAGE_KIND_RULES[kind].unread;
}

/**
 * Whether `message` counts toward `userId`'s unread: a kind that does, written by someone
 * else. The one rule for the room's counts, the session's inbox and the clients' badges.
 */
export function countsAsUnread(
  message: Pick<ChatMessage, "kind" | "senderId">,
  userId: string,
): boolean {
  return unreadKind(message.kind) && message.senderId !== userId;
}

/** Whether search finds messages of this kind (see {@link MESSAGE_KIND_RULES}). */
export function searchableKind(kind: MessageKind): boolean {
  return MESSAGE_KIND_RULES[kind].searchable;
}

/** What a room tells each member's session along with its messages. */
export interface RoomSummary {
  id: string;
  kind: RoomKind;
  title: string | null;
  /** An object room's card, as of the message it comes with; absent for other kinds. */
  card?: ObjectCard;
}

export interface RoomMember {
  userId: string;
  role: Role;
  joinedAt: number;
  /** The seq of the system message that added them (1 for founding members). */
  joinedSeq: number;
  /** Their read watermark: they have read every message up to this seq. */
  readSeq: number;
  /** A device of theirs has every message up to this seq (at least `readSeq`). */
  receivedSeq: number;
}

export interface RoomDetails {
  id: string;
  kind: RoomKind;
  title: string | null;
  /** What the room is about: an object room's object id (`GET /api/objects/:id`); else null. */
  subject: string | null;
  /** An object room's card as the room has it now; null for other kinds. */
  card: ObjectCard | null;
  createdAt: number;
  lastSeq: number;
  members: RoomMember[];
}

/** Whether the user is in a room, or no longer (they left or were removed). */
export type Membership = "member" | "left";

/** One row of a user's inbox. */
export interface InboxEntry extends RoomSummary {
  lastSeq: number;
  lastMessage: ChatMessage | null;
  lastActivityAt: number;
  /** Messages from others (system messages aside) after `readSeq`. */
  unreadCount: number;
  /** The user's read watermark in this room, the same on every device. */
  readSeq: number;
  /**
   * `left` once the user left or was removed. From then on every route of the room answers
   * them 404, as to anyone not in it: a client shows what it holds and asks nothing more.
   */
  membership: Membership;
  /** Muted by the user: no push for it; the badge still counts. */
  muted: boolean;
  /**
   * Hidden by the user until its next message (`PUT /api/rooms/:id/hidden`): inbox pages
   * leave it out; true here only in a copy a client held from before.
   */
  hidden: boolean;
  /**
   * A chat of two (direct, object) that the other user started, in which this user has not
   * written yet: a client marks it, with block and report at hand.
   */
  stranger: boolean;
}

/** A user the caller blocked (`GET /api/me/blocks`), and since when. */
export interface BlockedUser {
  user: PublicUser;
  blockedAt: number;
}

/** What anyone signed in may see of a user. */
export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
  /** Their picture: a file id (`POST /api/media/links`), or null for initials. */
  avatarId: string | null;
}

// ---------------------------------------------------------------------------------------
// Answers about messages
// ---------------------------------------------------------------------------------------

export interface SendResult {
  roomId: string;
  clientMsgId: string;
  seq: number;
  createdAt: number;
  /** True when this clientMsgId had been stored before: the original seq is returned. */
  duplicate: boolean;
}

/** The caller's read state in a room after marking it read. */
export interface ReadResult {
  roomId: string;
  readSeq: number;
}

export interface HistoryPage {
  messages: ChatMessage[];
  /** True when older (for `before`) or newer (for `after`) messages exist beyond this page. */
  hasMore: boolean;
}

/**
 * `GET /api/rooms/:id/messages?around=N`: the messages just before and after seq N, N
 * included, ascending. Page on with `before` (the first seq) and `after` (the last seq).
 */
export interface AroundPage {
  messages: ChatMessage[];
  /** True when older messages exist before this page. */
  hasMoreBefore: boolean;
  /** True when newer messages exist after this page. */
  hasMoreAfter: boolean;
}

/**
 * A member's read state in a room, as of the room's seq `upTo`. Room to session only: never
 * sent to a client.
 */
export interface ReadReceipt {
  readSeq: number;
  upTo: number;
  unreadCount: number;
}
