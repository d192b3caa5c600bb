/**
 * HTTP alone: request bodies (validated), the answers about the caller's account (profile,
 * sign-in, socket tickets, notification settings), and query parameters. Rooms and messages,
 * which the sockets carry too, are in model.ts; search is in search.ts.
 */
import * as v from "valibot";
import { charLength, displayText, LIMITS, wholeParam } from "./common";
import { AttachmentIds, MediaId } from "./media";
import { Caption, ClientMsgId, hasContent, NO_CONTENT, type PublicUser, ROLES, Seq } from "./model";

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

/** A profile's name, its picture (an upload of the user's; null for none), or both. */
export const UpdateProfileBody = v.pipe(
  v.strictObject({
    displayName: v.optional(DisplayName),
    avatarId: v.optional(v.nullable(MediaId)),
  }),
  v.check(
    (change) => change.displayName !== undefined || change.avatarId !== undefined,
    "give displayName, avatarId or both",
  ),
);
export type UpdateProfileBody = v.InferOutput<typeof UpdateProfileBody>;

/** A user id in a body; messages name the field it is in (`memberIds[2] must be a string`). */
const UserId = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
const RoomTitle = displayText(1, LIMITS.roomTitleMax, "title");

export const CreateRoomBody = v.variant("kind", [
  v.strictObject({ kind: v.literal("direct"), userId: UserId }),
  v.strictObject({
    kind: v.literal("group"),
    title: RoomTitle,
    /** Everyone but the creator, who joins as owner. */
    memberIds: v.pipe(
      v.array(UserId),
      v.maxLength(
        LIMITS.roomUserIdsMax,
        `memberIds may name at most ${LIMITS.roomUserIdsMax} users`,
      ),
    ),
  }),
]);
export type CreateRoomBody = v.InferOutput<typeof CreateRoomBody>;

export const RenameRoomBody = v.strictObject({ title: RoomTitle });
export const AddMembersBody = v.strictObject({
  userIds: v.pipe(
    v.array(UserId),
    v.minLength(1, "userIds must name at least one user"),
    v.maxLength(LIMITS.roomUserIdsMax, `userIds may name at most ${LIMITS.roomUserIdsMax} users`),
  ),
});
export const SetRoleBody = v.strictObject({
  role: v.picklist(ROLES, "role must be owner, admin or member"),
});

/** A message: text, files (upload ids, see "Media"), or both (see {@link hasContent}). */
export const SendMessageBody = v.pipe(
  v.strictObject({
    clientMsgId: ClientMsgId,
    body: v.optional(Caption, ""),
    attachments: v.optional(AttachmentIds),
    replyTo: v.optional(Seq),
  }),
  v.check((send) => hasContent(send), NO_CONTENT),
);
export type SendMessageBody = v.InferOutput<typeof SendMessageBody>;

export const MuteBody = v.strictObject({ muted: v.boolean("muted must be true or false") });
/** `PUT /api/rooms/:id/hidden`: hide the chat from the inbox until its next message. */
export const HideBody = v.strictObject({ hidden: v.boolean("hidden must be true or false") });
export type MuteBody = v.InferOutput<typeof MuteBody>;

/**
 * The user's notification settings; either or both. `doNotDisturbUntil`: no push until a
 * time (milliseconds since the epoch), or `null` for off; messages still arrive on open
 * sockets. `previews`: whether a push shows the message's text.
 */
export const NotificationPrefsBody = v.pipe(
  v.strictObject({
    doNotDisturbUntil: v.optional(
      v.nullable(
        v.pipe(
          v.number("doNotDisturbUntil must be a time in milliseconds or null"),
          v.integer("doNotDisturbUntil must be a whole number of milliseconds"),
          v.minValue(0, "doNotDisturbUntil must not be negative"),
          v.maxValue(8.64e15, "doNotDisturbUntil is past the largest date"),
        ),
      ),
    ),
    previews: v.optional(v.boolean("previews must be true or false")),
  }),
  v.check(
    (body) => body.doNotDisturbUntil !== undefined || body.previews !== undefined,
    "give doNotDisturbUntil, previews or both",
  ),
);
export type NotificationPrefsBody = v.InferOutput<typeof NotificationPrefsBody>;

/** Hide or show the caller's presence: hidden, others see them offline with no last seen. */
export const PresenceSettingsBody = v.strictObject({
  hidden: v.boolean("hidden must be true or false"),
});
export type PresenceSettingsBody = v.InferOutput<typeof PresenceSettingsBody>;

/** "I have read up to here." Past the room's last seq counts as its last seq. */
export const MarkReadBody = v.strictObject({ seq: Seq });
export type MarkReadBody = v.InferOutput<typeof MarkReadBody>;

// ---------------------------------------------------------------------------------------
// HTTP responses
// ---------------------------------------------------------------------------------------

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

/** Whether do-not-disturb set until `until` (ms, or null for off) is in force at `now`. */
export function doNotDisturbOn(until: number | null, now: number): boolean {
  return until !== null && until > now;
}

/** The caller's notification settings (`NotificationPrefsBody` sets them). */
export interface NotificationPrefs {
  doNotDisturbUntil: number | null;
  /** True while do-not-disturb is in force. */
  doNotDisturb: boolean;
  /** A push shows the message's text (else only that there is one). */
  previews: boolean;
}

// ---------------------------------------------------------------------------------------
// HTTP query parameters
// ---------------------------------------------------------------------------------------

/** `GET /api/rooms/:id/messages` query parameters. */
export const HistoryQuery = v.strictObject({
  before: wholeParam("before"),
  after: wholeParam("after"),
  /** A page around this seq (with neither `before` nor `after`). */
  around: wholeParam("around"),
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
