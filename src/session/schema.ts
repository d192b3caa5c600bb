/**
 * A UserSession object's SQLite schema, one step per version (see src/storage/migrate.ts),
 * and its inbox row as the protocol gives it.
 */
import { type ChatMessage, type InboxEntry, parseStoredCard, type RoomKind } from "../protocol";
import type { Migration } from "../storage/migrate";
import { num, optStr, type Row, str } from "../storage/rows";
import { PUSH_TABLES } from "./push-store";

/** An inbox row as the protocol gives it. */
export function toInboxEntry(row: Row): InboxEntry {
  const lastMessage = optStr(row, "last_message");
  const card = optStr(row, "card");
  return {
    ...(card === null ? {} : { card: parseStoredCard(card) }),
    id: str(row, "room_id"),
    kind: str(row, "kind") as RoomKind,
    title: optStr(row, "title"),
    lastSeq: num(row, "last_seq"),
    lastMessage: lastMessage === null ? null : (JSON.parse(lastMessage) as ChatMessage),
    lastActivityAt: num(row, "last_activity_at"),
    unreadCount: num(row, "unread"),
    readSeq: num(row, "read_seq"),
    membership: row.membership === "left" ? "left" : "member",
    muted: row.muted === 1,
    hidden: row.hidden === 1,
    stranger: row.stranger === 1,
  };
}

/** The session's schema, one entry per version (see src/storage/migrate.ts). */
export const MIGRATIONS: Migration[] = [
  [
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    `CREATE TABLE IF NOT EXISTS events (
       useq INTEGER PRIMARY KEY, room_id TEXT NOT NULL, seq INTEGER NOT NULL,
       frame TEXT NOT NULL, created_at INTEGER NOT NULL)`,
    "CREATE INDEX IF NOT EXISTS events_by_time ON events (created_at)",
    // last_seq: the newest seq of the room this user has; anything at or below is a repeat.
    `CREATE TABLE IF NOT EXISTS rooms (
       room_id TEXT PRIMARY KEY, kind TEXT NOT NULL, title TEXT, last_seq INTEGER NOT NULL,
       last_message TEXT, last_activity_at INTEGER NOT NULL, unread INTEGER NOT NULL,
       membership TEXT NOT NULL)`,
    "CREATE INDEX IF NOT EXISTS rooms_by_activity ON rooms (last_activity_at)",
    `CREATE TABLE IF NOT EXISTS devices (
       device_id TEXT PRIMARY KEY, cursor INTEGER NOT NULL, updated_at INTEGER NOT NULL)`,
  ],
  // The user's read watermark per room; `events.seq` of a read event is that watermark.
  ["ALTER TABLE rooms ADD COLUMN read_seq INTEGER NOT NULL DEFAULT 0"],
  // Per-room mute, and the user's own settings (do-not-disturb) as key/value rows.
  [
    "ALTER TABLE rooms ADD COLUMN muted INTEGER NOT NULL DEFAULT 0",
    "CREATE TABLE IF NOT EXISTS prefs (key TEXT PRIMARY KEY, value INTEGER)",
  ],
  // Presence: this user's state, and who watches it until when (see presence.ts).
  [
    `CREATE TABLE IF NOT EXISTS presence (
       only INTEGER PRIMARY KEY CHECK (only = 1), online INTEGER NOT NULL,
       last_seen_at INTEGER, hidden INTEGER NOT NULL)`,
    "INSERT OR IGNORE INTO presence (only, online, last_seen_at, hidden) VALUES (1, 0, NULL, 0)",
    `CREATE TABLE IF NOT EXISTS presence_watchers (
       viewer_id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)`,
  ],
  // Whose presence this is, so a sweep with no sockets left can still mark them offline.
  ["ALTER TABLE presence ADD COLUMN user_id TEXT"],
  // A row holds a run of one room's events (see src/session/log.ts); NULL for a single one.
  ["ALTER TABLE events ADD COLUMN first_useq INTEGER", "ALTER TABLE events ADD COLUMN run TEXT"],
  // Devices of this user that were signed out (see revoked.ts).
  [
    `CREATE TABLE IF NOT EXISTS revoked_devices (
       device_id TEXT PRIMARY KEY, revoked_at INTEGER NOT NULL)`,
  ],
  // The inbox is paged newest first by (last_activity_at, room_id) (see inboxPage); the index
  // on last_activity_at alone is a prefix of this one. Dropping an index changes no answer,
  // so older code still runs over this storage.
  [
    "CREATE INDEX IF NOT EXISTS rooms_by_recent ON rooms (last_activity_at, room_id)",
    "DROP INDEX IF EXISTS rooms_by_activity",
  ],
  // Push subscriptions per device, and what was pushed to each (see push-store.ts).
  PUSH_TABLES,
  // An object room's object (`subject`) and card, for the inbox by object.
  [
    "ALTER TABLE rooms ADD COLUMN subject TEXT",
    "ALTER TABLE rooms ADD COLUMN card TEXT",
    `CREATE INDEX IF NOT EXISTS rooms_by_subject ON rooms (subject, last_activity_at, room_id)
       WHERE subject IS NOT NULL`,
  ],
  // Users this user blocked (D1 holds the truth; see presence.ts): they see them offline.
  ["CREATE TABLE IF NOT EXISTS blocked (user_id TEXT PRIMARY KEY) WITHOUT ROWID"],
  // A chat the user hid from the inbox until its next message; a chat of two the other
  // started, in which the user has not written yet (see append).
  [
    "ALTER TABLE rooms ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE rooms ADD COLUMN stranger INTEGER NOT NULL DEFAULT 0",
  ],
];
