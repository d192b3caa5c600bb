/** Limits, error codes and field helpers shared by the HTTP bodies and the socket frames. */
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
  /** Search query text, in characters, and the words in it. */
  searchQueryMax: 100,
  searchTermsMax: 8,
  /** User ids in one `GET /api/users?ids=` lookup (D1 binds at most 100 parameters). */
  userLookupMax: 90,
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
  "unknown_frame",
  "internal",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Body of every HTTP error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/** Control characters, zero-width spaces and bidirectional overrides (used to spoof names). */
export const INVISIBLE = /[\p{Cc}\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/u;

/** Counts characters as people do (code points), not UTF-16 units. */
export const charLength = (s: string) => [...s].length;

/**
 * A name people read: trimmed, NFC-normalised so visually equal names compare equal, no
 * invisible or direction-changing characters, length in characters.
 */
export const displayText = (min: number, max: number, what: string) =>
  v.pipe(
    v.string(`${what} must be a string`),
    v.transform((s) => s.normalize("NFC").trim()),
    v.check((s) => !INVISIBLE.test(s), `${what} may not contain control or invisible characters`),
    v.check((s) => charLength(s) >= min, `${what} must be at least ${min} characters`),
    v.check((s) => charLength(s) <= max, `${what} must be at most ${max} characters`),
  );

/** Usernames are case-insensitive: stored and compared in lowercase. */
