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
  /** User ids a room creation or a member addition may name (far above MAX_GROUP_MEMBERS). */
  roomUserIdsMax: 1000,
  /** User ids in one `GET /api/users?ids=` lookup (D1 binds at most 100 parameters). */
  userLookupMax: 90,
  /** A push subscription's endpoint URL, in characters (real ones are under 600). */
  pushEndpointMax: 1024,
  /** Objects (listings, items): their text, and the small lists a card carries. */
  objectTitleMax: 100,
  objectDescriptionMax: 4000,
  objectLabelMax: 40,
  objectAttributesMax: 20,
  objectAttributeValueMax: 200,
  objectImagesMax: 8,
  objectImageRefMax: 500,
  objectQuickQuestionsMax: 5,
  objectQuickQuestionMax: 100,
  /** An object token's name, as its owner lists it ("battery sensor"). */
  objectTokenNameMax: 40,
  /** A file's name as its uploader gave it, in characters. */
  mediaNameMax: 200,
  /** Files in one message (`attachments` of a send). */
  attachmentsMax: 10,
  /** Files in one `POST /api/media/links`. */
  mediaLinksMax: 100,
  /** What a reporter may add to a report, in characters. */
  reportNoteMax: 1000,
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
  "push_unavailable",
  "object_unavailable",
  "room_read_only",
  "length_required",
  "unsupported_media_type",
  "bad_attachment",
  "invalid_target",
  "target_deleted",
  "edit_window_closed",
  "blocked",
  "internal",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Body of every HTTP error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/** Control characters, zero-width spaces and bidirectional overrides (used to spoof names). */
export const INVISIBLE = /[\p{Cc}\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/u;

/**
 * A character that shows: a letter, digit, punctuation mark or symbol that is not
 * default-ignorable (the Hangul fillers U+115F, U+1160, U+3164 and U+FFA0 are letters that
 * render as nothing) and not one of the symbols drawn blank: the braille blank U+2800, the
 * ideographic half fill space U+303F and the musical null notehead U+1D159. Spaces (U+2000 to
 * U+200A, U+3000 and the like), marks alone (combining marks, variation selectors, the
 * combining grapheme joiner), format characters (tags, U+180E) and private-use characters
 * never count.
 */
const VISIBLE =
  /(?![\p{Default_Ignorable_Code_Point}\u2800\u303F\u{1D159}])[\p{L}\p{N}\p{P}\p{S}]/u;

/** True when `s` has at least one character that shows (see VISIBLE). */
export const hasVisible = (s: string) => VISIBLE.test(s);

/** Counts characters as people do (code points), not UTF-16 units. */
export const charLength = (s: string) => [...s].length;

/**
 * A name people read: trimmed, NFC-normalised so visually equal names compare equal, no
 * invisible or direction-changing characters, at least one character that shows (a name of
 * Hangul fillers or braille blanks looks empty), length in characters.
 */
export const displayText = (min: number, max: number, what: string) =>
  v.pipe(
    v.string(`${what} must be a string`),
    v.transform((s) => s.normalize("NFC").trim()),
    v.check((s) => !INVISIBLE.test(s), `${what} may not contain control or invisible characters`),
    v.check(
      (s) => charLength(s) >= min,
      min === 1 ? `${what} must not be empty` : `${what} must be at least ${min} characters`,
    ),
    v.check((s) => charLength(s) <= max, `${what} must be at most ${max} characters`),
    v.check((s) => hasVisible(s), `${what} must contain a visible character`),
  );

/**
 * A whole number in a query parameter (`before=40`): digits only, at most `digits` of them
 * (15 unless told).
 */
export const wholeParam = (name: string, digits = 15) =>
  v.optional(
    v.pipe(
      v.string(),
      v.regex(new RegExp(`^\\d{1,${digits}}$`), `${name} must be a whole number`),
      v.transform(Number),
    ),
  );

/** Compile-time exhaustiveness check for `switch` over discriminated unions. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
