/**
 * Settings of requests, sockets, presence and per-user budgets: rows of the settings table
 * (./table.ts).
 */
import type { Table } from "./entry";

export const SOCKET_SETTINGS = {
  /** Largest HTTP request body accepted. */
  MAX_REQUEST_BYTES: {
    default: 16 * 1024,
    min: 1024,
    kind: "policy",
    doc: "largest HTTP request body",
  },
  /** Largest WebSocket frame accepted. */
  MAX_FRAME_BYTES: {
    default: 64 * 1024,
    min: 256,
    kind: "policy",
    doc: "largest WebSocket frame; larger closes the socket with 1009",
  },
  /** Origins allowed to open a WebSocket; a request without Origin (non-browser) is allowed. */
  ALLOWED_ORIGINS: {
    default: ["http://localhost:8787", "http://127.0.0.1:8787"],
    kind: "policy",
    doc: "origins allowed to open a socket (comma-separated)",
  },
  /** How often clients are told to send a heartbeat. */
  HEARTBEAT_INTERVAL_MS: {
    default: 5_000,
    min: 1_000,
    kind: "policy",
    doc: "how often clients send `ping`",
  },
  /** A socket with no heartbeat for this long is closed (4003) and stops counting as online. */
  HEARTBEAT_TIMEOUT_MS: {
    default: 30_000,
    min: 1_000,
    kind: "policy",
    doc: "a socket (session or room) silent this long is closed (4003); a session socket stops counting as online",
  },
  /** How long a `watch` (presence, typing and receipts of a room's members) lasts unrenewed. */
  WATCH_LEASE_MS: {
    default: 60_000,
    min: 1_000,
    kind: "policy",
    doc: "how long a `watch` (presence, typing, receipts of a room) lasts unrenewed",
  },
  /**
   * How many times a lease a socket may renew its watch of one room: each watch costs a call
   * to every member's session. A new socket (a reconnect) may watch at once.
   */
  WATCH_RENEWALS_PER_LEASE: {
    default: 4,
    min: 1,
    kind: "internal",
    doc: "watches of one room a socket may send per `WATCH_LEASE_MS`; more get `rate_limited`",
  },
  /**
   * Watch renewals (device, socket, room) a user's session remembers; past it, it forgets
   * them all, which only lets each watch once more at once. Bounds memory.
   */
  WATCH_KEYS_MAX: {
    default: 1_000,
    min: 1,
    kind: "internal",
    doc: "watch renewals a session remembers before it forgets them all (memory bound)",
  },
  /** How long a typing signal shows without a renewal. */
  TYPING_TTL_MS: {
    default: 6_000,
    min: 500,
    kind: "policy",
    doc: "how long a typing signal shows unless renewed",
  },
  /** Typing signals a user's session relays per room: at most one per this interval. */
  TYPING_THROTTLE_MS: {
    default: 2_000,
    min: 0,
    kind: "policy",
    doc: "typing signals relayed per user and room: one per this interval",
  },
  /**
   * Rooms whose typing throttle a user's session remembers; past it, it forgets them all,
   * which only lets one more signal through per room. Bounds memory.
   */
  TYPING_GATES_MAX: {
    default: 100,
    min: 1,
    kind: "internal",
    doc: "rooms whose typing throttle a session remembers before it forgets them all (memory bound)",
  },
  /** `read`, `watch` and `typing` frames a user may send per second. */
  SIGNAL_RATE_PER_SECOND: {
    default: 10,
    min: 1,
    kind: "policy",
    doc: "`read`, `watch` and `typing` frames and HTTP read marks per user per second",
  },
  /** The burst above SIGNAL_RATE_PER_SECOND. */
  SIGNAL_BURST: { default: 50, min: 1, kind: "policy", doc: "burst allowance above that rate" },
  /** Direct rooms told "delivered" per cursor advance (the most recent); reads cover the rest. */
  RECEIPT_ROOMS_PER_CURSOR: {
    default: 50,
    min: 1,
    kind: "internal",
    doc: "direct rooms marked delivered per cursor advance (most recent first)",
  },
  /** Open sockets per user; a new one beyond this closes the user's oldest (code 4002). */
  MAX_SOCKETS_PER_USER: {
    default: 10,
    min: 1,
    kind: "policy",
    doc: "open sockets per user; one more closes the oldest (4002)",
  },
  /**
   * Messages a user may send per second (sustained): one budget across rooms and ways of
   * sending (session socket, room sockets, HTTP). A room socket also holds each member to
   * this rate in its room, and charges the user's budget after the fact (decision 0007).
   */
  SEND_RATE_PER_SECOND: {
    default: 10,
    min: 1,
    kind: "policy",
    doc: "messages a user may send per second: one budget across rooms, sockets and HTTP (a room socket also holds each member to it in its room)",
  },
  /** The burst above SEND_RATE_PER_SECOND. */
  SEND_BURST: { default: 20, min: 1, kind: "policy", doc: "burst allowance above that rate" },
  /**
   * Other changes a user may make (profile, presence and notification settings, mute, room
   * creation and management, sign-out), per minute.
   */
  CHANGE_RATE_PER_MINUTE: {
    default: 60,
    min: 1,
    kind: "policy",
    doc: "other changes per user per minute: settings, mute, room creation and management, sign-out",
  },
  /** The burst above CHANGE_RATE_PER_MINUTE. */
  CHANGE_BURST: { default: 30, min: 1, kind: "policy", doc: "burst allowance above that rate" },
  /** Socket tickets a user may get per minute. */
  TICKET_RATE_PER_MINUTE: {
    default: 60,
    min: 1,
    kind: "policy",
    doc: "socket tickets per user per minute",
  },
  /** The burst above TICKET_RATE_PER_MINUTE. */
  TICKET_BURST: { default: 30, min: 1, kind: "policy", doc: "burst allowance above that rate" },
  /** The per-user event log keeps at most this many events and none older than the age. */
  LOG_MAX_EVENTS: {
    default: 5_000,
    min: 1,
    kind: "policy",
    doc: "events kept in a user's log; older devices get `resync`",
  },
  LOG_MAX_AGE_SECONDS: {
    default: 7 * 24 * 60 * 60,
    min: 1,
    kind: "policy",
    doc: "oldest event kept in a user's log",
  },
  /**
   * Rooms a `resync` lists at most, the most recently active: a device pages the rest from
   * the inbox, and pages history for the listed ones only.
   */
  RESYNC_ROOMS_MAX: {
    default: 50,
    min: 1,
    kind: "internal",
    doc: "rooms a `resync` lists, the most recently active; the rest are paged from the inbox",
  },
} as const satisfies Table;
