/** HTTP request bodies (validated) and response shapes. */
import * as v from "valibot";
import { charLength, displayText, LIMITS } from "./common";

// ---------------------------------------------------------------------------------------
// HTTP request bodies
// ---------------------------------------------------------------------------------------
export const Username = v.pipe(
  v.string("username must be a string"),
  v.transform((s) => s.trim().toLowerCase()),
  v.minLength(LIMITS.usernameMin, `username must be at least ${LIMITS.usernameMin} characters`),
  v.maxLength(LIMITS.usernameMax, `username must be at most ${LIMITS.usernameMax} characters`),
  v.regex(/^[a-z0-9_]+$/, "username may contain only letters, digits and underscores"),
);

/**
 * Passwords are NFC-normalised (so the same passphrase typed on two keyboards matches) but
 * never trimmed: spaces are the user's choice. Length counts code points, as people do.
 */
export const Password = v.pipe(
  v.string("password must be a string"),
  v.transform((s) => s.normalize("NFC")),
  v.check(
    (s) => charLength(s) >= LIMITS.passwordMin,
    `password must be at least ${LIMITS.passwordMin} characters`,
  ),
  v.check(
    (s) => charLength(s) <= LIMITS.passwordMax,
    `password must be at most ${LIMITS.passwordMax} characters`,
  ),
);

export const DisplayName = displayText(1, LIMITS.displayNameMax, "displayName");
const DeviceName = displayText(1, LIMITS.deviceNameMax, "deviceName");

export const SignUpBody = v.strictObject({
  username: Username,
  displayName: DisplayName,
  password: Password,
  deviceName: v.optional(DeviceName),
});
export type SignUpBody = v.InferOutput<typeof SignUpBody>;

/**
 * Sign-in accepts any string up to the limits so that a malformed username is answered like
 * any other wrong credential, not with a hint that it could never exist.
 */
export const SignInBody = v.strictObject({
  username: v.pipe(
    v.string("username must be a string"),
    v.maxLength(LIMITS.usernameMax * 4, "username is too long"),
    v.transform((s) => s.trim().toLowerCase()),
  ),
  password: v.pipe(
    v.string("password must be a string"),
    v.maxLength(LIMITS.passwordMax * 4, "password is too long"),
    v.transform((s) => s.normalize("NFC")),
  ),
  deviceName: v.optional(DeviceName),
});
export type SignInBody = v.InferOutput<typeof SignInBody>;

export const RefreshBody = v.strictObject({
  refreshToken: v.pipe(
    v.string("refreshToken must be a string"),
    v.maxLength(256, "refreshToken is too long"),
  ),
});
export type RefreshBody = v.InferOutput<typeof RefreshBody>;

export const UpdateProfileBody = v.strictObject({ displayName: DisplayName });
export type UpdateProfileBody = v.InferOutput<typeof UpdateProfileBody>;

/** Room ids: `dm:<userA>:<userB>` (sorted), `grp:<random>`, `obj:<object>:<asker>`. */
export const RoomId = v.pipe(
  v.string("roomId must be a string"),
  v.maxLength(120, "roomId is too long"),
  v.regex(/^(dm|grp|obj):[A-Za-z0-9_-]+(:[A-Za-z0-9_-]+)?$/, "roomId is not a room id"),
);
/** A user id in a body; messages name the field it is in (`memberIds[2] must be a string`). */
const UserId = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
const RoomTitle = displayText(1, LIMITS.roomTitleMax, "title");
export const ROLES = ["owner", "admin", "member"] as const;
export type Role = (typeof ROLES)[number];

export const CreateRoomBody = v.variant("kind", [
  v.strictObject({ kind: v.literal("direct"), userId: UserId }),
  v.strictObject({
    kind: v.literal("group"),
    title: RoomTitle,
    /** Everyone but the creator, who joins as owner. */
    memberIds: v.pipe(v.array(UserId), v.maxLength(1000, "memberIds may name at most 1000 users")),
  }),
]);
export type CreateRoomBody = v.InferOutput<typeof CreateRoomBody>;

export const RenameRoomBody = v.strictObject({ title: RoomTitle });
export const AddMembersBody = v.strictObject({
  userIds: v.pipe(
    v.array(UserId),
    v.minLength(1, "userIds must name at least one user"),
    v.maxLength(1000, "userIds may name at most 1000 users"),
  ),
});
export const SetRoleBody = v.strictObject({
  role: v.picklist(ROLES, "role must be owner, admin or member"),
});

/** The message text: trimmed of nothing (spacing is the sender's), never empty. */
export const MessageBody = v.pipe(
  v.string("body must be a string"),
  v.check((s) => s.trim().length > 0, "body must not be empty"),
  v.check(
    (s) => charLength(s) <= LIMITS.messageMax,
    `body must be at most ${LIMITS.messageMax} characters`,
  ),
);
export const ClientMsgId = v.pipe(
  v.string("clientMsgId must be a string"),
  v.minLength(1, "clientMsgId must not be empty"),
  v.maxLength(
    LIMITS.clientMsgIdMax,
    `clientMsgId must be at most ${LIMITS.clientMsgIdMax} characters`,
  ),
);
export const SendMessageBody = v.strictObject({ clientMsgId: ClientMsgId, body: MessageBody });
export type SendMessageBody = v.InferOutput<typeof SendMessageBody>;

export const MuteBody = v.strictObject({ muted: v.boolean("muted must be true or false") });
export type MuteBody = v.InferOutput<typeof MuteBody>;

/**
 * Do not disturb until a time (milliseconds since the epoch), or `null` for off. No push
 * while it lasts; messages still arrive on open sockets.
 */
export const NotificationPrefsBody = v.strictObject({
  doNotDisturbUntil: v.nullable(
    v.pipe(
      v.number("doNotDisturbUntil must be a time in milliseconds or null"),
      v.integer("doNotDisturbUntil must be a whole number of milliseconds"),
      v.minValue(0, "doNotDisturbUntil must not be negative"),
      v.maxValue(8.64e15, "doNotDisturbUntil is past the largest date"),
    ),
  ),
});
export type NotificationPrefsBody = v.InferOutput<typeof NotificationPrefsBody>;

export interface NotificationPrefs {
  doNotDisturbUntil: number | null;
  /** True while do-not-disturb is in force. */
  doNotDisturb: boolean;
}

/** Hide or show the caller's presence: hidden, others see them offline with no last seen. */
export const PresenceSettingsBody = v.strictObject({
  hidden: v.boolean("hidden must be true or false"),
});
export type PresenceSettingsBody = v.InferOutput<typeof PresenceSettingsBody>;

/** A seq in a room: positive, an integer, within what JSON numbers hold exactly. */
export const Seq = v.pipe(
  v.number("seq must be a number"),
  v.integer("seq must be an integer"),
  v.minValue(1, "seq must be at least 1"),
  v.maxValue(2 ** 53 - 1, "seq is too large"),
);
/** "I have read up to here." Past the room's last seq counts as its last seq. */
export const MarkReadBody = v.strictObject({ seq: Seq });
export type MarkReadBody = v.InferOutput<typeof MarkReadBody>;

// ---------------------------------------------------------------------------------------
// HTTP responses
// ---------------------------------------------------------------------------------------

/** What anyone signed in may see of a user. */
export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
}

/** The caller's own profile. */
export interface Profile extends PublicUser {
  /** Milliseconds since the Unix epoch. */
  createdAt: number;
}

/** Returned by sign-up, sign-in and refresh. */
export interface AuthResult {
  user: Profile;
  /** The device this sign-in created; stable across refreshes, revoked by sign-out. */
  deviceId: string;
  /** Short-lived bearer token for HTTP requests (`Authorization: Bearer ...`). */
  accessToken: string;
  accessTokenExpiresAt: number;
  /** Single-use: each refresh returns a new one, and reusing an old one revokes the device. */
  refreshToken: string;
  refreshTokenExpiresAt: number;
}

/** A single-use credential for opening one WebSocket, valid for a few seconds. */
export interface SocketTicket {
  ticket: string;
  expiresAt: number;
  /** Path to open, with the ticket as the `ticket` query parameter. */
  url: string;
}

export type RoomKind = "direct" | "group" | "object";

/** A change to a room, recorded as a system message in the room's sequence. */
export type SystemEvent =
  | { type: "created"; by: string; title: string | null; memberIds: string[] }
  | { type: "joined"; by: string; userIds: string[] }
  | { type: "left"; userId: string }
  | { type: "removed"; by: string; userId: string }
  | { type: "renamed"; by: string; title: string }
  | { type: "role"; by: string | null; userId: string; role: Role };

/** One message of a room, as stored and as delivered. */
export interface ChatMessage {
  roomId: string;
  /** Gap-free, strictly increasing per room, from 1. */
  seq: number;
  kind: "text" | "system";
  /** The author; null for system messages. */
  senderId: string | null;
  /** The sender's idempotency key; absent on system messages. */
  clientMsgId?: string;
  /** Text for `text`; empty for `system`. */
  body: string;
  system?: SystemEvent;
  createdAt: number;
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
  /** Present for object rooms (later issue): what the room is about. */
  subject: string | null;
  createdAt: number;
  lastSeq: number;
  members: RoomMember[];
}

/** What a room tells each member's session along with its messages. */
export interface RoomSummary {
  id: string;
  kind: RoomKind;
  title: string | null;
}

/** A member's read state in a room, as of the room's seq `upTo`. Room to session only. */
export interface ReadReceipt {
  readSeq: number;
  upTo: number;
  unreadCount: number;
}

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
  membership: "member" | "left";
  /** Muted by the user: no push for it; the badge still counts. */
  muted: boolean;
}

export interface HistoryPage {
  messages: ChatMessage[];
  /** True when older (for `before`) or newer (for `after`) messages exist beyond this page. */
  hasMore: boolean;
}

/** The caller's read state in a room after marking it read. */
export interface ReadResult {
  roomId: string;
  readSeq: number;
}

/** A whole number in a query parameter (`before=40`): digits only, at most 15 of them. */
const wholeParam = (name: string) =>
  v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,15}$/, `${name} must be a whole number`),
      v.transform(Number),
    ),
  );

/** `GET /api/rooms/:id/messages` query parameters. */
export const HistoryQuery = v.strictObject({
  before: wholeParam("before"),
  after: wholeParam("after"),
  limit: wholeParam("limit"),
});
export type HistoryQuery = v.InferOutput<typeof HistoryQuery>;

/** The socket upgrades' query: the ticket (its absence is 401, checked after the upgrade). */
export const SocketQuery = v.strictObject({ ticket: v.optional(v.string()) });

/** `GET /api/users?ids=a,b,c`: public profiles by id, at most `LIMITS.userLookupMax`. */
export const UserLookupQuery = v.strictObject({
  ids: v.pipe(
    v.string("ids must be a comma-separated list of user ids"),
    v.transform((s) => [...new Set(s.split(",").filter((id) => id.length > 0))]),
    v.minLength(1, "ids must name at least one user"),
    v.maxLength(LIMITS.userLookupMax, `ids may name at most ${LIMITS.userLookupMax} users`),
    v.check((ids) => ids.every((id) => id.length <= 64), "user ids are at most 64 characters"),
  ),
});
export type UserLookupQuery = v.InferOutput<typeof UserLookupQuery>;

/**
 * The words of a search query: separated by whitespace (Unicode White_Space: spaces of every
 * width, tabs, line breaks).
 */
export const searchWords = (q: string) => q.split(/\p{White_Space}+/u).filter((w) => w !== "");

/** Control characters that are not whitespace (NUL, escape, …): refused in a query. */
const QUERY_CONTROL = /(?!\p{White_Space})\p{Cc}/u;

/** A search cursor as the server gives them: an archive position and its signature. */
export const SEARCH_CURSOR = /^(\d{1,19})\.([A-Za-z0-9_-]{43})$/;

/** `GET /api/search` query parameters. */
export const SearchQuery = v.strictObject({
  q: v.pipe(
    v.string("q must be a string"),
    v.check(
      (s) => !QUERY_CONTROL.test(s),
      "q may not contain control characters (tabs and line breaks separate words as spaces do)",
    ),
    v.check((s) => searchWords(s).length > 0, "q must not be empty"),
    v.check(
      (s) => charLength(s) <= LIMITS.searchQueryMax,
      `q must be at most ${LIMITS.searchQueryMax} characters`,
    ),
    v.check(
      (s) => searchWords(s).length <= LIMITS.searchTermsMax,
      `q may have at most ${LIMITS.searchTermsMax} words`,
    ),
  ),
  roomId: v.optional(RoomId),
  limit: wholeParam("limit"),
  /** A previous page's `nextCursor`; its signature is checked by the route. */
  cursor: v.optional(
    v.pipe(
      v.string(),
      v.regex(SEARCH_CURSOR, "cursor is not one this server gave for this search"),
    ),
  ),
});
export type SearchQuery = v.InferOutput<typeof SearchQuery>;

/** One search hit: the message, and a snippet of its text with the matches marked. */
export interface SearchHit {
  message: ChatMessage;
  /** Up to about 120 characters of the body around the first match, "…" where cut. */
  snippet: string;
  /** Matches within `snippet`, as [start, end) offsets in UTF-16 code units. Plain text. */
  highlights: [number, number][];
}

export interface SearchPage {
  results: SearchHit[];
  /**
   * Pass as `cursor` for the next (older) page; null when there is none. A page may hold
   * fewer results than asked, even none, and still have a cursor: each page examines a
   * bounded number of candidates.
   */
  nextCursor: string | null;
}

export interface SendResult {
  roomId: string;
  clientMsgId: string;
  seq: number;
  createdAt: number;
  /** True when this clientMsgId had been stored before: the original seq is returned. */
  duplicate: boolean;
}
