/** Settings of rooms, history, the archive and search: rows of the settings table (./table.ts). */
import type { Table } from "./entry";

/**
 * The window of every per-hour limit (ROOM_CREATE_MAX_PER_HOUR, OBJECT_CREATE_MAX_PER_HOUR,
 * OBJECT_ASK_MAX_PER_HOUR): fixed hours, counted in D1.
 */
export const HOUR_WINDOW_SECONDS = 3600;

export const ROOM_SETTINGS = {
  /** Members a group room may have, owner included. */
  MAX_GROUP_MEMBERS: {
    default: 100,
    min: 2,
    kind: "policy",
    doc: "members of a group, owner included",
  },
  /**
   * How long after sending a member may edit a message (KakaoTalk's 24 hours; WhatsApp
   * gives 15 minutes, Telegram 48 hours).
   */
  EDIT_WINDOW_SECONDS: {
    default: 24 * 60 * 60,
    min: 0,
    kind: "policy",
    doc: "how long after sending a message its sender may edit it",
  },
  /** The most users `GET /api/me/blocks` lists, the most recently blocked first. */
  BLOCKS_LIST_MAX: {
    default: 500,
    min: 1,
    kind: "policy",
    doc: "blocked users the block list shows, newest first",
  },
  /** Reports a user may make per hour (a fixed window, counted in D1). */
  REPORTS_MAX_PER_HOUR: {
    default: 20,
    min: 1,
    kind: "policy",
    doc: "reports a user may make an hour",
  },
  /** Requests to the operator's routes per client IP an hour, right token or wrong. */
  OPERATOR_MAX_PER_HOUR: {
    default: 600,
    min: 1,
    kind: "policy",
    doc: "requests to the operator's routes per client IP an hour",
  },
  /** Reports per page of the operator's list, when none is asked for, and at most. */
  REPORTS_PAGE_DEFAULT: {
    default: 50,
    min: 1,
    kind: "policy",
    doc: "reports per page of the operator's list when none is asked for",
  },
  REPORTS_PAGE_MAX: { default: 100, min: 1, kind: "policy", doc: "largest page of reports" },
  /** Rooms a user may create per hour (a fixed window, counted in D1). */
  ROOM_CREATE_MAX_PER_HOUR: {
    default: 30,
    min: 1,
    kind: "policy",
    doc: "rooms a user may create per hour (fixed windows, counted in D1)",
  },
  /** History page size when the client names none. */
  HISTORY_PAGE_DEFAULT: {
    default: 50,
    min: 1,
    kind: "policy",
    doc: "history page size when none is asked for",
  },
  HISTORY_PAGE_MAX: { default: 100, min: 1, kind: "policy", doc: "largest history page" },
  /** Inbox rooms per page (`GET /api/rooms`) when the client names none. */
  INBOX_PAGE_DEFAULT: {
    default: 50,
    min: 1,
    kind: "policy",
    doc: "inbox rooms per page (`GET /api/rooms`) when none is asked for",
  },
  INBOX_PAGE_MAX: { default: 100, min: 1, kind: "policy", doc: "largest inbox page" },
  /**
   * Messages per D1 batch when archiving. Also how many trimmed system messages a room
   * trimmed by an older release fetches back from D1 per run (see src/room/counts.ts).
   */
  ARCHIVE_CHUNK: {
    default: 50,
    min: 1,
    kind: "internal",
    doc: "messages per D1 batch when a room archives",
  },
  /** Messages per archive run (the alarm runs again). */
  ARCHIVE_BATCH_MAX: {
    default: 500,
    min: 1,
    kind: "internal",
    doc: "messages per archive run (the alarm runs again for more); also the trimmed system messages a room trimmed by an older release fetches back from D1 per run",
  },
  /** First retry delay after a failed archive run; doubles up to the maximum. */
  ARCHIVE_RETRY_MS: {
    default: 2_000,
    min: 1,
    kind: "internal",
    doc: "first retry delay after a failed archive run; doubles",
  },
  ARCHIVE_RETRY_MAX_MS: {
    default: 300_000,
    min: 1,
    kind: "internal",
    doc: "longest archive retry delay",
  },
  /**
   * Archive rows the scheduled sweep folds again per run, while any remain that migration
   * 0003 could fold only as far as ASCII (src/search/refold.ts), in D1 batches of
   * ARCHIVE_CHUNK.
   */
  ARCHIVE_REFOLD_PER_SWEEP: {
    default: 5_000,
    min: 1,
    kind: "internal",
    doc: "archive rows the hourly sweep folds again for search after migration 0003",
  },
  /**
   * A room's own copy keeps at least its newest RETENTION_MESSAGES and everything younger
   * than RETENTION_AGE_SECONDS; older messages live on in the D1 archive only.
   */
  RETENTION_MESSAGES: {
    default: 1_000,
    min: 1,
    kind: "policy",
    doc: "newest messages a room keeps in its own storage",
  },
  RETENTION_AGE_SECONDS: {
    default: 30 * 24 * 60 * 60,
    min: 0,
    kind: "policy",
    doc: "a room keeps anything younger in its own storage",
  },
  /**
   * How long a send's clientMsgId is remembered: a resend within it gets the original seq,
   * whatever the room has trimmed. Clients should give up resending before it ends.
   */
  DEDUPE_WINDOW_SECONDS: {
    default: 30 * 24 * 60 * 60,
    min: 60,
    kind: "policy",
    doc: "how long a resend gets its original seq",
  },
  /** Search results per page when none is asked for. */
  SEARCH_PAGE_DEFAULT: {
    default: 20,
    min: 1,
    kind: "policy",
    doc: "search results per page when none is asked for",
  },
  SEARCH_PAGE_MAX: { default: 50, min: 1, kind: "policy", doc: "largest search page" },
  /** Candidate messages one search page examines at most (bounded work per request). */
  SEARCH_SCAN_MAX: {
    default: 2_000,
    min: 1,
    kind: "internal",
    doc: "candidate messages one search page examines at most",
  },
} as const satisfies Table;
