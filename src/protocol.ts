/**
 * The wire protocol: every HTTP body and WebSocket frame that crosses the edge, as valibot
 * schemas and the TypeScript types derived from them. The worker, the Durable Objects, the
 * SDK and the web client all import this one module, so a frame is defined exactly once.
 *
 * Input from outside is parsed with {@link parseBody} or {@link parseClientFrame}, which
 * return `{ ok: true, value } | { ok: false, error }` and never throw. Frames the server
 * sends are plain types: the server builds them, so they need no runtime check.
 *
 * Compatibility rule: clients must ignore server frames whose `type` they do not know, so
 * that new frame kinds can be added without breaking old clients.
 */
import * as v from "valibot";

/** Protocol-level limits: part of the contract, shared with clients, tested at their edges. */
export const LIMITS = {
  /** Usernames are ASCII handles: lowercase letters, digits and underscores. */
  usernameMin: 3,
  usernameMax: 32,
  /** NIST SP 800-63B / OWASP: at least 8 characters, allow long passphrases. */
  passwordMin: 8,
  passwordMax: 256,
  displayNameMax: 64,
  deviceNameMax: 64,
  /** Client frame ids are echoed back in `ref`; keep them short. */
  frameIdMax: 64,
  /** Message text, in characters. */
  messageMax: 4000,
  /** Client-chosen message ids, the key of idempotent send. */
  clientMsgIdMax: 64,
  roomTitleMax: 100,
} as const;

/** Stable error codes. Clients switch on these; messages are for people and may change. */
export const ERROR_CODES = [
  "bad_request",
  "invalid_json",
  "validation_failed",
  "payload_too_large",
  "unauthorized",
  "invalid_token",
  "token_expired",
  "invalid_credentials",
  "refresh_token_reused",
  "session_revoked",
  "username_taken",
  "forbidden",
  "room_full",
  "rate_limited",
  "forbidden_origin",
  "upgrade_required",
  "not_found",
  "method_not_allowed",
  "unknown_frame",
  "internal",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Body of every HTTP error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

// ---------------------------------------------------------------------------------------
// HTTP request bodies
// ---------------------------------------------------------------------------------------

/** Control characters, zero-width spaces and bidirectional overrides (used to spoof names). */
const INVISIBLE = /[\p{Cc}\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/u;

/** Counts characters as people do (code points), not UTF-16 units. */
const length = (s: string) => [...s].length;

/**
 * A name people read: trimmed, NFC-normalised so visually equal names compare equal, no
 * invisible or direction-changing characters, length in characters.
 */
const text = (min: number, max: number, what: string) =>
  v.pipe(
    v.string(`${what} must be a string`),
    v.transform((s) => s.normalize("NFC").trim()),
    v.check((s) => !INVISIBLE.test(s), `${what} may not contain control or invisible characters`),
    v.check((s) => length(s) >= min, `${what} must be at least ${min} characters`),
    v.check((s) => length(s) <= max, `${what} must be at most ${max} characters`),
  );

/** Usernames are case-insensitive: stored and compared in lowercase. */
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
    (s) => length(s) >= LIMITS.passwordMin,
    `password must be at least ${LIMITS.passwordMin} characters`,
  ),
  v.check(
    (s) => length(s) <= LIMITS.passwordMax,
    `password must be at most ${LIMITS.passwordMax} characters`,
  ),
);

export const DisplayName = text(1, LIMITS.displayNameMax, "displayName");
const DeviceName = text(1, LIMITS.deviceNameMax, "deviceName");

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
  refreshToken: v.pipe(v.string("refreshToken must be a string"), v.maxLength(256)),
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
const UserId = v.pipe(v.string("user ids are strings"), v.minLength(1), v.maxLength(64));
const RoomTitle = text(1, LIMITS.roomTitleMax, "title");
export const ROLES = ["owner", "admin", "member"] as const;
export type Role = (typeof ROLES)[number];

export const CreateRoomBody = v.variant("kind", [
  v.strictObject({ kind: v.literal("direct"), userId: UserId }),
  v.strictObject({
    kind: v.literal("group"),
    title: RoomTitle,
    /** Everyone but the creator, who joins as owner. */
    memberIds: v.pipe(v.array(UserId), v.maxLength(1000, "too many members")),
  }),
]);
export type CreateRoomBody = v.InferOutput<typeof CreateRoomBody>;

export const RenameRoomBody = v.strictObject({ title: RoomTitle });
export const AddMembersBody = v.strictObject({
  userIds: v.pipe(v.array(UserId), v.minLength(1), v.maxLength(1000, "too many members")),
});
export const SetRoleBody = v.strictObject({
  role: v.picklist(ROLES, "role must be owner, admin or member"),
});

/** The message text: trimmed of nothing (spacing is the sender's), never empty. */
export const MessageBody = v.pipe(
  v.string("body must be a string"),
  v.check((s) => s.trim().length > 0, "body must not be empty"),
  v.check(
    (s) => length(s) <= LIMITS.messageMax,
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

/** One row of a user's inbox. */
export interface InboxEntry extends RoomSummary {
  lastSeq: number;
  lastMessage: ChatMessage | null;
  lastActivityAt: number;
  unreadCount: number;
  /** `left` once the user left or was removed; history before that stays readable by them. */
  membership: "member" | "left";
}

export interface HistoryPage {
  messages: ChatMessage[];
  /** True when older (for `before`) or newer (for `after`) messages exist beyond this page. */
  hasMore: boolean;
}

export interface SendResult {
  roomId: string;
  clientMsgId: string;
  seq: number;
  createdAt: number;
  /** True when this clientMsgId had been stored before: the original seq is returned. */
  duplicate: boolean;
}

// ---------------------------------------------------------------------------------------
// WebSocket frames
// ---------------------------------------------------------------------------------------

/** Text the client sends as a heartbeat; answered with {@link HEARTBEAT_PONG} without waking the object. */
export const HEARTBEAT_PING = "ping";
export const HEARTBEAT_PONG = "pong";

const FrameId = v.optional(
  v.pipe(v.string("id must be a string"), v.minLength(1), v.maxLength(LIMITS.frameIdMax)),
);

/** First frame on a socket: where this device left off. */
export const HelloFrame = v.strictObject({
  type: v.literal("hello"),
  /** Optional request id, echoed as `ref` in the answer. */
  id: FrameId,
  /** The last per-user event sequence (`useq`) this device processed; 0 or absent for none. */
  cursor: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2 ** 53 - 1))),
});
export type HelloFrame = v.InferOutput<typeof HelloFrame>;

/** Send a message. Retries must reuse `clientMsgId`; the server stores it at most once. */
export const SendFrame = v.strictObject({
  type: v.literal("send"),
  id: FrameId,
  roomId: RoomId,
  clientMsgId: ClientMsgId,
  body: MessageBody,
});
export type SendFrame = v.InferOutput<typeof SendFrame>;

/** The device has processed every event up to `cursor` (its per-user `useq`). */
export const CursorFrame = v.strictObject({
  type: v.literal("cursor"),
  id: FrameId,
  cursor: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2 ** 53 - 1)),
});

/** Every frame a client may send, discriminated by `type`. */
export const ClientFrame = v.variant("type", [HelloFrame, SendFrame, CursorFrame]);
export type ClientFrame = v.InferOutput<typeof ClientFrame>;
export type ClientFrameType = ClientFrame["type"];

/** Answer to `hello`. */
export interface WelcomeFrame {
  type: "welcome";
  ref?: string;
  userId: string;
  /** Taken from the verified session, never from the client. */
  deviceId: string;
  /** The newest event sequence the server holds for this user; replay or resync follows. */
  cursor: number;
  serverTime: number;
  /** How often the client should send {@link HEARTBEAT_PING}. */
  heartbeatIntervalMs: number;
}

export interface ErrorFrame {
  type: "error";
  /** The `id` of the client frame this answers, when it had one. */
  ref?: string;
  code: ErrorCode;
  message: string;
}

/** A message was stored: the answer to `send`. Sent only after the commit. */
export interface AckFrame extends SendResult {
  type: "ack";
  ref?: string;
}

/** One event of the user's log, live or replayed, in `useq` order. */
export interface MessageFrame {
  type: "message";
  /** The user's event sequence: the device's cursor after processing this frame. */
  useq: number;
  room: RoomSummary;
  message: ChatMessage;
}

/**
 * The log no longer holds everything after the device's cursor (or the device is new):
 * page each room's history after what the device has, up to `lastSeq`, then carry on from
 * `cursor`.
 */
export interface ResyncFrame {
  type: "resync";
  cursor: number;
  rooms: { room: RoomSummary; lastSeq: number }[];
}

/** Every frame the server may send. Clients ignore unknown `type`s. */
export type ServerFrame = WelcomeFrame | ErrorFrame | AckFrame | MessageFrame | ResyncFrame;

// ---------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------

export interface ProtocolError {
  code: ErrorCode;
  message: string;
}
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: ProtocolError };

/** Turns valibot issues into one readable sentence naming the field. */
function describe(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path?.map((p) => String(p.key)).join(".");
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join("; ");
}

/** Validates an already-decoded JSON value against a schema. */
export function parseBody<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
): Parsed<v.InferOutput<S>> {
  const result = v.safeParse(schema, input);
  if (result.success) return { ok: true, value: result.output };
  return { ok: false, error: { code: "validation_failed", message: describe(result.issues) } };
}

export type ParsedFrame =
  | { ok: true; value: ClientFrame }
  | { ok: false; error: ProtocolError; ref?: string };

const FrameEnvelope = v.looseObject({ type: v.string(), id: v.optional(v.unknown()) });

/**
 * Decodes and validates one client frame. `raw` is what the socket delivered; binary frames
 * are refused, and so is anything over `maxBytes` (checked before JSON parsing).
 */
export function parseClientFrame(raw: string | ArrayBuffer, maxBytes: number): ParsedFrame {
  if (typeof raw !== "string") {
    return { ok: false, error: { code: "bad_request", message: "binary frames are not accepted" } };
  }
  // Length in UTF-16 units is a lower bound of UTF-8 bytes; check the cheap one first.
  if (raw.length > maxBytes || new TextEncoder().encode(raw).byteLength > maxBytes) {
    return {
      ok: false,
      error: { code: "payload_too_large", message: `frame exceeds ${maxBytes} bytes` },
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, error: { code: "invalid_json", message: "frame is not valid JSON" } };
  }
  const envelope = v.safeParse(FrameEnvelope, json);
  if (!envelope.success) {
    return {
      ok: false,
      error: { code: "bad_request", message: "frame must be an object with a string `type`" },
    };
  }
  const id = envelope.output.id;
  const ref = typeof id === "string" && id.length <= LIMITS.frameIdMax ? id : undefined;
  const known: readonly string[] = ClientFrame.options.map((o) => o.entries.type.literal);
  if (!known.includes(envelope.output.type)) {
    return {
      ok: false,
      error: { code: "unknown_frame", message: `unknown frame type "${envelope.output.type}"` },
      ...(ref ? { ref } : {}),
    };
  }
  const parsed = parseBody(ClientFrame, json);
  if (!parsed.ok) return { ...parsed, ...(ref ? { ref } : {}) };
  return parsed;
}

/** Compile-time exhaustiveness check for `switch` over discriminated unions. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
