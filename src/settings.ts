/**
 * Every tunable limit and lifetime, with its default. Each can be overridden by a variable of
 * the same name in wrangler.toml `[vars]` (or `.dev.vars` locally). Values are validated
 * once per environment object; a bad value fails loudly at the first request rather than
 * running with a silent fallback.
 */

export interface Settings {
  /** Lifetime of an access token (JWT). */
  ACCESS_TOKEN_TTL_SECONDS: number;
  /**
   * How far in the future an access token's `iat` (issued at) and `nbf` (not before) may be
   * and still be accepted: room for clocks that disagree a little. `exp` gets none.
   */
  TOKEN_CLOCK_SKEW_SECONDS: number;
  /** Lifetime of a refresh token; every refresh issues a new one with a fresh lifetime. */
  REFRESH_TOKEN_TTL_SECONDS: number;
  /**
   * The same refresh token presented again this soon after its rotation (two tabs, a retried
   * request) gets the device's current tokens; later, it revokes the device. 0: never.
   */
  REFRESH_REUSE_GRACE_SECONDS: number;
  /** Revoked devices whose socket close is retried per minute (the close did not get through). */
  OWED_CLOSES_PER_SWEEP: number;
  /** Lifetime of a single-use WebSocket ticket. */
  SOCKET_TICKET_TTL_SECONDS: number;
  /** Window over which sign-in attempts are counted. */
  SIGNIN_WINDOW_SECONDS: number;
  /** Failed sign-ins per username per window before further attempts get 429. */
  SIGNIN_MAX_FAILURES_PER_ACCOUNT: number;
  /** Sign-in attempts (good or bad) per client IP per window. */
  SIGNIN_MAX_ATTEMPTS_PER_IP: number;
  /** Sign-ups per client IP per window (each costs an argon2id hash). */
  SIGNUP_MAX_PER_IP: number;
  /** Token refreshes per client IP per window (SIGNIN_WINDOW_SECONDS). */
  REFRESH_MAX_PER_IP: number;
  /** argon2id memory in KiB (OWASP minimum 19,456 = 19 MiB). */
  ARGON2_MEMORY_KIB: number;
  /** argon2id passes (OWASP minimum 2 at 19 MiB). */
  ARGON2_ITERATIONS: number;
  /** Largest HTTP request body accepted. */
  MAX_REQUEST_BYTES: number;
  /** Largest WebSocket frame accepted. */
  MAX_FRAME_BYTES: number;
  /** How often clients are told to send a heartbeat. */
  HEARTBEAT_INTERVAL_MS: number;
  /** A socket with no heartbeat for this long is closed (4003) and stops counting as online. */
  HEARTBEAT_TIMEOUT_MS: number;
  /** How long a `watch` (presence, typing and receipts of a room's members) lasts unrenewed. */
  WATCH_LEASE_MS: number;
  /** How long a typing signal shows without a renewal. */
  TYPING_TTL_MS: number;
  /** Typing signals a user's session relays per room: at most one per this interval. */
  TYPING_THROTTLE_MS: number;
  /** `read`, `watch` and `typing` frames a user may send per second, and in a burst. */
  SIGNAL_RATE_PER_SECOND: number;
  SIGNAL_BURST: number;
  /** Direct rooms told "delivered" per cursor advance (the most recent); reads cover the rest. */
  RECEIPT_ROOMS_PER_CURSOR: number;
  /** Members a group room may have, owner included. */
  MAX_GROUP_MEMBERS: number;
  /** History page size when the client names none, and the most it may ask for. */
  HISTORY_PAGE_DEFAULT: number;
  HISTORY_PAGE_MAX: number;
  /** Inbox rooms per page (`GET /api/rooms`) when the client names none, and the most. */
  INBOX_PAGE_DEFAULT: number;
  INBOX_PAGE_MAX: number;
  /**
   * Rooms a `resync` lists at most, the most recently active: a device pages the rest from
   * the inbox, and pages history for the listed ones only.
   */
  RESYNC_ROOMS_MAX: number;
  /** Open sockets per user; a new one beyond this closes the user's oldest (code 4002). */
  MAX_SOCKETS_PER_USER: number;
  /**
   * Messages a user may send per second (sustained) and in a burst: one budget across rooms
   * and ways of sending (session socket, room sockets, HTTP). A room socket also holds each
   * member to this rate in its room, and charges the user's budget after the fact
   * (decision 0007).
   */
  SEND_RATE_PER_SECOND: number;
  SEND_BURST: number;
  /**
   * Other changes a user may make (profile, presence and notification settings, mute, room
   * creation and management, sign-out), per minute and in a burst.
   */
  CHANGE_RATE_PER_MINUTE: number;
  CHANGE_BURST: number;
  /** Socket tickets a user may get per minute, and in a burst. */
  TICKET_RATE_PER_MINUTE: number;
  TICKET_BURST: number;
  /** Rooms a user may create per hour (a fixed window, counted in D1). */
  ROOM_CREATE_MAX_PER_HOUR: number;
  /** The per-user event log keeps at most this many events and none older than the age. */
  LOG_MAX_EVENTS: number;
  LOG_MAX_AGE_SECONDS: number;
  /**
   * Messages per D1 batch when archiving, and per archive run (the alarm runs again). Also
   * how many trimmed system messages a room trimmed by an older release fetches back from D1
   * per run (see src/room/counts.ts).
   */
  ARCHIVE_CHUNK: number;
  ARCHIVE_BATCH_MAX: number;
  /** First retry delay after a failed archive run; doubles up to the maximum. */
  ARCHIVE_RETRY_MS: number;
  ARCHIVE_RETRY_MAX_MS: number;
  /**
   * Archive rows the scheduled sweep folds again per run, while any remain that migration
   * 0003 could fold only as far as ASCII (src/search/refold.ts), in D1 batches of
   * ARCHIVE_CHUNK.
   */
  ARCHIVE_REFOLD_PER_SWEEP: number;
  /**
   * A room's own copy keeps at least its newest RETENTION_MESSAGES and everything younger
   * than RETENTION_AGE_SECONDS; older messages live on in the D1 archive only.
   */
  RETENTION_MESSAGES: number;
  RETENTION_AGE_SECONDS: number;
  /**
   * How long a send's clientMsgId is remembered: a resend within it gets the original seq,
   * whatever the room has trimmed. Clients should give up resending before it ends.
   */
  DEDUPE_WINDOW_SECONDS: number;
  /** Search results per page when none is asked for, and the most per page. */
  SEARCH_PAGE_DEFAULT: number;
  SEARCH_PAGE_MAX: number;
  /** Candidate messages one search page examines at most (bounded work per request). */
  SEARCH_SCAN_MAX: number;
  /** Messages per fanout call to one member's session. */
  FANOUT_BATCH_MAX: number;
  /** First retry delay after a failed delivery to a member; doubles up to the maximum. */
  FANOUT_RETRY_MS: number;
  FANOUT_RETRY_MAX_MS: number;
  /**
   * The session window of members with the room open on some device: they already got each
   * message live, so the room releases them to their sessions one at a time, spread evenly
   * over this window, each for one batch of all it lacks (up to FANOUT_BATCH_MAX). Their log
   * and inbox may lag up to about two windows.
   */
  FANOUT_LIVE_DELAY_MS: number;
  /**
   * The session window of members whose every connected device has the room open: their
   * devices have each message already, and the session call only keeps their log and inbox,
   * so it comes once a cycle this long instead, at a moment of the cycle fixed per member
   * (so a room's quiet members are spread over it). The session says so in its answer to each batch.
   * A device connected elsewhere brings the member back to FANOUT_LIVE_DELAY_MS from the
   * next batch, and so do a full batch (more is waiting) and closing one of their room
   * sockets.
   */
  FANOUT_QUIET_DELAY_MS: number;
  /**
   * How long a room keeps its members' delivery progress in memory before writing it, all
   * in one transaction. An eviction loses at most this much progress, which costs only a
   * redelivery (sessions drop repeats).
   */
  FANOUT_PROGRESS_FLUSH_MS: number;
  /** Deliveries from one room to members' sessions in flight at once. */
  FANOUT_CONCURRENCY: number;
  /** Origins allowed to open a WebSocket; a request without Origin (non-browser) is allowed. */
  ALLOWED_ORIGINS: readonly string[];
  /** `iss` and `aud` of access tokens. */
  JWT_ISSUER: string;
  JWT_AUDIENCE: string;
}

export const DEFAULT_SETTINGS: Settings = {
  ACCESS_TOKEN_TTL_SECONDS: 15 * 60,
  TOKEN_CLOCK_SKEW_SECONDS: 60,
  REFRESH_TOKEN_TTL_SECONDS: 30 * 24 * 60 * 60,
  REFRESH_REUSE_GRACE_SECONDS: 10,
  OWED_CLOSES_PER_SWEEP: 50,
  SOCKET_TICKET_TTL_SECONDS: 30,
  SIGNIN_WINDOW_SECONDS: 15 * 60,
  SIGNIN_MAX_FAILURES_PER_ACCOUNT: 5,
  SIGNIN_MAX_ATTEMPTS_PER_IP: 30,
  SIGNUP_MAX_PER_IP: 10,
  REFRESH_MAX_PER_IP: 300,
  ARGON2_MEMORY_KIB: 19_456,
  ARGON2_ITERATIONS: 2,
  MAX_REQUEST_BYTES: 16 * 1024,
  MAX_FRAME_BYTES: 64 * 1024,
  HEARTBEAT_INTERVAL_MS: 5_000,
  HEARTBEAT_TIMEOUT_MS: 30_000,
  WATCH_LEASE_MS: 60_000,
  TYPING_TTL_MS: 6_000,
  TYPING_THROTTLE_MS: 2_000,
  RECEIPT_ROOMS_PER_CURSOR: 50,
  SIGNAL_RATE_PER_SECOND: 10,
  SIGNAL_BURST: 50,
  MAX_GROUP_MEMBERS: 100,
  HISTORY_PAGE_DEFAULT: 50,
  HISTORY_PAGE_MAX: 100,
  INBOX_PAGE_DEFAULT: 50,
  INBOX_PAGE_MAX: 100,
  RESYNC_ROOMS_MAX: 50,
  MAX_SOCKETS_PER_USER: 10,
  SEND_RATE_PER_SECOND: 10,
  SEND_BURST: 20,
  CHANGE_RATE_PER_MINUTE: 60,
  CHANGE_BURST: 30,
  TICKET_RATE_PER_MINUTE: 60,
  TICKET_BURST: 30,
  ROOM_CREATE_MAX_PER_HOUR: 30,
  LOG_MAX_EVENTS: 5_000,
  LOG_MAX_AGE_SECONDS: 7 * 24 * 60 * 60,
  ARCHIVE_CHUNK: 50,
  ARCHIVE_BATCH_MAX: 500,
  ARCHIVE_RETRY_MS: 2_000,
  ARCHIVE_RETRY_MAX_MS: 300_000,
  ARCHIVE_REFOLD_PER_SWEEP: 5_000,
  RETENTION_MESSAGES: 1_000,
  RETENTION_AGE_SECONDS: 30 * 24 * 60 * 60,
  DEDUPE_WINDOW_SECONDS: 30 * 24 * 60 * 60,
  SEARCH_PAGE_DEFAULT: 20,
  SEARCH_PAGE_MAX: 50,
  SEARCH_SCAN_MAX: 2_000,
  FANOUT_BATCH_MAX: 100,
  FANOUT_RETRY_MS: 1_000,
  FANOUT_RETRY_MAX_MS: 60_000,
  FANOUT_LIVE_DELAY_MS: 1_000,
  FANOUT_QUIET_DELAY_MS: 5_000,
  FANOUT_PROGRESS_FLUSH_MS: 500,
  FANOUT_CONCURRENCY: 100,
  ALLOWED_ORIGINS: ["http://localhost:8787", "http://127.0.0.1:8787"],
  JWT_ISSUER: "edge-chat",
  JWT_AUDIENCE: "edge-chat",
};

/** The window of ROOM_CREATE_MAX_PER_HOUR: fixed hours, counted in D1. */
export const ROOM_CREATE_WINDOW_SECONDS = 3600;

/**
 * argon2id bounds: the floor is OWASP's minimum; the ceiling keeps hashing inside a Worker's
 * 128 MB and is also the largest cost a stored hash may ask the verifier for.
 */
export const ARGON2_BOUNDS = {
  memoryKiB: { min: 19_456, max: 65_536 },
  iterations: { min: 2, max: 10 },
} as const;

/** Lower bounds that no configuration may go under. */
const MINIMUMS: Partial<Record<keyof Settings, number>> = {
  ARGON2_MEMORY_KIB: ARGON2_BOUNDS.memoryKiB.min,
  ARGON2_ITERATIONS: ARGON2_BOUNDS.iterations.min,
  // Short lifetimes are for tests of refreshing (a browser test runs many cycles).
  ACCESS_TOKEN_TTL_SECONDS: 2,
  OWED_CLOSES_PER_SWEEP: 1,
  // 0 trusts every clock to agree to the second; the ceiling is below.
  TOKEN_CLOCK_SKEW_SECONDS: 0,
  SOCKET_TICKET_TTL_SECONDS: 1,
  SIGNIN_WINDOW_SECONDS: 1,
  SIGNIN_MAX_FAILURES_PER_ACCOUNT: 1,
  SIGNIN_MAX_ATTEMPTS_PER_IP: 1,
  SIGNUP_MAX_PER_IP: 1,
  REFRESH_MAX_PER_IP: 1,
  MAX_REQUEST_BYTES: 1024,
  MAX_FRAME_BYTES: 256,
  HEARTBEAT_INTERVAL_MS: 1_000,
  HEARTBEAT_TIMEOUT_MS: 1_000,
  WATCH_LEASE_MS: 1_000,
  TYPING_TTL_MS: 500,
  RECEIPT_ROOMS_PER_CURSOR: 1,
  SIGNAL_RATE_PER_SECOND: 1,
  SIGNAL_BURST: 1,
  MAX_GROUP_MEMBERS: 2,
  HISTORY_PAGE_DEFAULT: 1,
  HISTORY_PAGE_MAX: 1,
  INBOX_PAGE_DEFAULT: 1,
  INBOX_PAGE_MAX: 1,
  RESYNC_ROOMS_MAX: 1,
  MAX_SOCKETS_PER_USER: 1,
  SEND_RATE_PER_SECOND: 1,
  SEND_BURST: 1,
  CHANGE_RATE_PER_MINUTE: 1,
  CHANGE_BURST: 1,
  TICKET_RATE_PER_MINUTE: 1,
  TICKET_BURST: 1,
  ROOM_CREATE_MAX_PER_HOUR: 1,
  // A cycle of 0 would give quiet members no moment in it: they would never be released.
  FANOUT_QUIET_DELAY_MS: 1,
  LOG_MAX_EVENTS: 1,
  LOG_MAX_AGE_SECONDS: 1,
  FANOUT_BATCH_MAX: 1,
  ARCHIVE_CHUNK: 1,
  ARCHIVE_BATCH_MAX: 1,
  ARCHIVE_RETRY_MS: 1,
  ARCHIVE_RETRY_MAX_MS: 1,
  ARCHIVE_REFOLD_PER_SWEEP: 1,
  RETENTION_MESSAGES: 1,
  DEDUPE_WINDOW_SECONDS: 60,
  SEARCH_PAGE_DEFAULT: 1,
  SEARCH_PAGE_MAX: 1,
  SEARCH_SCAN_MAX: 1,
  FANOUT_RETRY_MS: 1,
  FANOUT_RETRY_MAX_MS: 1,
  FANOUT_CONCURRENCY: 1,
};

/** Upper bounds that no configuration may go over. */
const MAXIMUMS: Partial<Record<keyof Settings, number>> = {
  // A long grace would let a stolen token be used beside the owner's without revoking.
  REFRESH_REUSE_GRACE_SECONDS: 60,
  ARGON2_MEMORY_KIB: ARGON2_BOUNDS.memoryKiB.max,
  ARGON2_ITERATIONS: ARGON2_BOUNDS.iterations.max,
  // Clocks further apart than this are broken, and a wider window would let a token minted
  // for the future be used long before it was meant to be.
  TOKEN_CLOCK_SKEW_SECONDS: 300,
};

export class SettingsError extends Error {
  override name = "SettingsError";
}

type NumberKey = {
  [K in keyof Settings]: Settings[K] extends number ? K : never;
}[keyof Settings];

function parseNumber(key: NumberKey, raw: unknown): number {
  const n = typeof raw === "number" ? raw : Number(String(raw).trim());
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new SettingsError(`${key} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  }
  const min = MINIMUMS[key];
  if (min !== undefined && n < min) throw new SettingsError(`${key} must be at least ${min}`);
  const max = MAXIMUMS[key];
  if (max !== undefined && n > max) throw new SettingsError(`${key} must be at most ${max}`);
  return n;
}

function parseOrigins(raw: unknown): string[] {
  const list = String(raw)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const origin of list) {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new SettingsError(`ALLOWED_ORIGINS has an invalid origin: ${origin}`);
    }
    if (url.origin !== origin) {
      throw new SettingsError(`ALLOWED_ORIGINS entries must be bare origins, got ${origin}`);
    }
  }
  return list;
}

/** Builds settings from environment variables, validating each one present. */
export function parseSettings(vars: Record<string, unknown>): Settings {
  const out: Settings = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
    const raw = vars[key];
    if (raw === undefined || raw === "") continue;
    if (key === "ALLOWED_ORIGINS") out.ALLOWED_ORIGINS = parseOrigins(raw);
    else if (key === "JWT_ISSUER" || key === "JWT_AUDIENCE") out[key] = String(raw);
    else out[key] = parseNumber(key, raw);
  }
  if (out.HEARTBEAT_TIMEOUT_MS <= out.HEARTBEAT_INTERVAL_MS) {
    throw new SettingsError("HEARTBEAT_TIMEOUT_MS must be longer than HEARTBEAT_INTERVAL_MS");
  }
  if (out.TYPING_THROTTLE_MS >= out.TYPING_TTL_MS) {
    throw new SettingsError("TYPING_THROTTLE_MS must be shorter than TYPING_TTL_MS");
  }
  if (out.INBOX_PAGE_DEFAULT > out.INBOX_PAGE_MAX) {
    throw new SettingsError("INBOX_PAGE_DEFAULT must not be larger than INBOX_PAGE_MAX");
  }
  return out;
}

const cache = new WeakMap<object, Settings>();

/** Settings for an environment object, parsed once and cached. */
export function settingsFor(env: object): Settings {
  let settings = cache.get(env);
  if (!settings) {
    settings = parseSettings(env as Record<string, unknown>);
    cache.set(env, settings);
  }
  return settings;
}
