/** WebSocket frames, both directions. */
import * as v from "valibot";
import { Emoji } from "./changes";
import { type ErrorCode, LIMITS } from "./common";
import { AttachmentIds } from "./media";
import {
  Caption,
  type ChatMessage,
  ClientMsgId,
  hasContent,
  type InboxEntry,
  NO_CONTENT,
  RoomId,
  type RoomSummary,
  type SendResult,
  Seq,
} from "./model";

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
  /** Text; may be empty or absent when `attachments` come (see `hasContent`). */
  body: v.optional(Caption, ""),
  /** Upload ids of the sender's files, as for `POST /api/rooms/:id/messages`. */
  attachments: v.optional(AttachmentIds),
  /** The seq of an earlier message of the room this one replies to. */
  replyTo: v.optional(Seq),
});
export type SendFrame = v.InferOutput<typeof SendFrame>;

/** Edit a message of one's own: its new text (`target` is its seq). */
export const EditFrame = v.strictObject({
  type: v.literal("edit"),
  id: FrameId,
  roomId: RoomId,
  clientMsgId: ClientMsgId,
  target: Seq,
  body: Caption,
});

/** Delete a message for everyone (`target` is its seq). */
export const DeleteFrame = v.strictObject({
  type: v.literal("delete"),
  id: FrameId,
  roomId: RoomId,
  clientMsgId: ClientMsgId,
  target: Seq,
});

/** Put (`on: true`) or take back an emoji under a message (`target` is its seq). */
export const ReactFrame = v.strictObject({
  type: v.literal("react"),
  id: FrameId,
  roomId: RoomId,
  clientMsgId: ClientMsgId,
  target: Seq,
  emoji: Emoji,
  on: v.boolean("on must be true or false"),
});

/** The device has processed every event up to `cursor` (its per-user `useq`). */
export const CursorFrame = v.strictObject({
  type: v.literal("cursor"),
  id: FrameId,
  cursor: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2 ** 53 - 1)),
});

/** The user has read the room up to `seq`; every device of theirs hears of it. */
export const ReadFrame = v.strictObject({
  type: v.literal("read"),
  id: FrameId,
  roomId: RoomId,
  seq: Seq,
});

/**
 * Subscribe for `leaseMs` (in the answer) to a room's live signals: its members' presence,
 * typing and read receipts. Send again before the lease ends to keep it; let it lapse to stop.
 */
export const WatchFrame = v.strictObject({
  type: v.literal("watch"),
  id: FrameId,
  roomId: RoomId,
});

/** The user is typing in a room (`active: false`: stopped). Never stored or replayed. */
export const TypingFrame = v.strictObject({
  type: v.literal("typing"),
  id: FrameId,
  roomId: RoomId,
  active: v.optional(v.boolean("active must be true or false")),
});

/** Every frame a client may send, discriminated by `type`. */
export const ClientFrame = v.variant("type", [
  HelloFrame,
  SendFrame,
  EditFrame,
  DeleteFrame,
  ReactFrame,
  CursorFrame,
  ReadFrame,
  WatchFrame,
  TypingFrame,
]);
export type ClientFrame = v.InferOutput<typeof ClientFrame>;

/** {@link ClientFrame} with the rules that span fields: a `send` has text or files. */
export const CheckedClientFrame = v.pipe(
  ClientFrame,
  v.check((f) => f.type !== "send" || hasContent(f), NO_CONTENT),
);
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
  /** How often to repeat `typing` while the user keeps typing, so watchers never see a gap. */
  typingIntervalMs: number;
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
 * One event of the user's log: the user's read watermark in a room moved (on any of their
 * devices), so every device sets the room's badge to `unreadCount`.
 */
export interface ReadStateFrame {
  type: "read";
  useq: number;
  roomId: string;
  readSeq: number;
  unreadCount: number;
}

/** Whether a user is online; hidden presence reads as offline with no last-seen time. */
export interface PresenceState {
  userId: string;
  online: boolean;
  /** When the user's last socket closed; null while online or when hidden. */
  lastSeenAt: number | null;
}

/** The answer to `watch`: the members' presence now, and how long the lease lasts. */
export interface WatchingFrame {
  type: "watching";
  ref?: string;
  roomId: string;
  leaseMs: number;
  presence: PresenceState[];
}

/** Presence changed for users this user watches (live only, never replayed). */
export interface PresenceFrame {
  type: "presence";
  users: PresenceState[];
}

/** A member of a watched room is typing; show it for `ttlMs` unless renewed or stopped. */
export interface TypingEventFrame {
  type: "typing";
  roomId: string;
  userId: string;
  active: boolean;
  ttlMs: number;
}

/**
 * A member of a watched room read further (per-message read counts change), or, in a direct
 * room, a device of theirs received more ("delivered").
 */
export interface ReceiptFrame {
  type: "receipt";
  roomId: string;
  userId: string;
  readSeq: number;
  receivedSeq: number;
}

/**
 * One event of the user's log: the user muted or unmuted a room, or hid it from the inbox
 * (until its next message) or showed it again, on any device. Both settings as they are now.
 */
export interface RoomPrefsFrame {
  type: "room_prefs";
  useq: number;
  roomId: string;
  muted: boolean;
  hidden: boolean;
}

/**
 * One event of the user's log: the user deleted a message for themselves ("delete for me"),
 * on any device. Show it no more; history pages mark it `hidden` from now on.
 */
export interface MessageHiddenFrame {
  type: "message_hidden";
  useq: number;
  roomId: string;
  seq: number;
}

/** One event of the user's log: the user's notification settings changed. */
export interface PrefsFrame {
  type: "prefs";
  useq: number;
  doNotDisturbUntil: number | null;
  /** A push shows the message's text. */
  previews: boolean;
}

/** The events of a user's log, replayed in `useq` order after a reconnect. */
export type LoggedFrame =
  | MessageFrame
  | ReadStateFrame
  | RoomPrefsFrame
  | MessageHiddenFrame
  | PrefsFrame;

/**
 * The log no longer holds everything after the device's cursor (or the device is new):
 * page each room's history after what the device has, up to `lastSeq`, then carry on from
 * `cursor`.
 */
export interface ResyncFrame {
  type: "resync";
  cursor: number;
  /**
   * The user's most recently active rooms, newest first, at most `RESYNC_ROOMS_MAX`. A room
   * whose `membership` is `left` answers the user 404 on every route: page nothing.
   */
  rooms: (Pick<InboxEntry, "lastSeq" | "readSeq" | "unreadCount" | "muted" | "membership"> & {
    room: RoomSummary;
  })[];
  /**
   * Null when `rooms` lists every room of the user. Otherwise the list was cut: the rest
   * (older activity) come from `GET /api/rooms?cursor=<inboxCursor>`, page by page.
   */
  inboxCursor: string | null;
  /** The user's notification settings, which a device that missed events must learn too. */
  doNotDisturbUntil: number | null;
  previews: boolean;
}

/**
 * First frame on a room socket (`GET /api/socket/rooms/:roomId`): every message after
 * `lastSeq` will come on this socket as `live`, in seq order. What the device lacks up to
 * `lastSeq` comes from its session as usual.
 */
export interface RoomOpenFrame {
  type: "room_open";
  room: RoomSummary;
  lastSeq: number;
  /** How often the client should send {@link HEARTBEAT_PING} on this socket. */
  heartbeatIntervalMs: number;
}

/**
 * A message just committed in a room the device has open, straight from the room. Not an
 * event of the user's log: the session still logs it, and tells this device only its
 * `message_ref` (or the whole message, if the room did not list this device as live).
 */
export interface LiveFrame {
  type: "live";
  room: RoomSummary;
  message: ChatMessage;
}

/**
 * A run of events of the user's log whose messages this device was sent live on a room
 * socket: the session sends one reference, naming the last of them (its `useq` and `seq`),
 * not the messages again. A device that lacks any of the room's messages up to `seq` (its
 * room socket dropped in between) pages them from history.
 */
export interface MessageRefFrame {
  type: "message_ref";
  useq: number;
  roomId: string;
  seq: number;
}

/** An event of the user's log as a device receives it: whole, or as a reference. */
export type DeviceLogFrame = LoggedFrame | MessageRefFrame;

/** Every frame the server may send. Clients ignore unknown `type`s. */
export type ServerFrame =
  | WelcomeFrame
  | ErrorFrame
  | AckFrame
  | MessageFrame
  | ReadStateFrame
  | RoomPrefsFrame
  | MessageHiddenFrame
  | PrefsFrame
  | ResyncFrame
  | WatchingFrame
  | PresenceFrame
  | TypingEventFrame
  | ReceiptFrame
  | RoomOpenFrame
  | LiveFrame
  | MessageRefFrame;
