/**
 * A ChatRoom object's SQLite schema, one step per version (see src/storage/migrate.ts), and
 * the typed rows read from it.
 */
import type { ObjectCard, Role, RoomKind } from "../protocol";
import type { Migration } from "../storage/migrate";
import { num, optNum, type Row, str } from "../storage/rows";

/** The room's schema, one entry per version (see src/storage/migrate.ts). */
export const MIGRATIONS: Migration[] = [
  [
    `CREATE TABLE IF NOT EXISTS room (
       only INTEGER PRIMARY KEY CHECK (only = 1),
       id TEXT NOT NULL, kind TEXT NOT NULL, title TEXT, subject TEXT,
       created_by TEXT NOT NULL, created_at INTEGER NOT NULL, last_seq INTEGER NOT NULL)`,
    // left_seq: the system message that ended membership; delivery stops after it.
    // delivered_seq: the member's session has every message up to here.
    `CREATE TABLE IF NOT EXISTS members (
       user_id TEXT PRIMARY KEY, role TEXT NOT NULL, joined_at INTEGER NOT NULL,
       joined_seq INTEGER NOT NULL, left_seq INTEGER, delivered_seq INTEGER NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS messages (
       seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, sender_id TEXT, client_msg_id TEXT,
       body TEXT NOT NULL, system TEXT, created_at INTEGER NOT NULL)`,
    // Idempotent send: one message per (sender, clientMsgId).
    `CREATE UNIQUE INDEX IF NOT EXISTS messages_by_client_id
       ON messages (sender_id, client_msg_id) WHERE client_msg_id IS NOT NULL`,
  ],
  [
    // read_seq: the member's read watermark. read_sent: the watermark their session has.
    "ALTER TABLE members ADD COLUMN read_seq INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE members ADD COLUMN read_sent INTEGER NOT NULL DEFAULT 0",
    // Rooms from before read receipts: what a member's session already has counts as
    // read, so an upgrade neither floods badges nor shows senders unread on their own words.
    "UPDATE members SET read_seq = delivered_seq, read_sent = delivered_seq",
    // Running counts that make a member's unread count three index lookups: messages people
    // wrote (every kind but system) up to this seq, and the sender's own up to this seq.
    "ALTER TABLE messages ADD COLUMN text_count INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE messages ADD COLUMN sender_count INTEGER NOT NULL DEFAULT 0",
    `UPDATE messages SET text_count = w.tc, sender_count = w.sc FROM (
       SELECT seq,
         SUM(kind <> 'system') OVER (ORDER BY seq) AS tc,
         CASE WHEN sender_id IS NULL THEN 0
           ELSE SUM(kind <> 'system') OVER (PARTITION BY sender_id ORDER BY seq) END AS sc
       FROM messages) AS w
     WHERE messages.seq = w.seq`,
    "CREATE INDEX IF NOT EXISTS messages_by_sender ON messages (sender_id, seq)",
  ],
  // Members watching the room's live signals (typing, receipts) until a lease ends.
  [
    `CREATE TABLE IF NOT EXISTS watchers (
       user_id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)`,
  ],
  // received_seq: a device of the member has every message up to here ("delivered").
  [
    "ALTER TABLE members ADD COLUMN received_seq INTEGER NOT NULL DEFAULT 0",
    "UPDATE members SET received_seq = read_seq",
  ],
  // The archive to D1 and trimming: how far D1 has the messages and the membership, how far
  // this copy is trimmed, and the running counts at the trim point (see counts.ts).
  [
    "ALTER TABLE room ADD COLUMN archived_seq INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE room ADD COLUMN members_version INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE room ADD COLUMN members_archived INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE room ADD COLUMN trimmed_to INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE room ADD COLUMN text_base INTEGER NOT NULL DEFAULT 0",
    "CREATE TABLE IF NOT EXISTS sender_base (sender_id TEXT PRIMARY KEY, count INTEGER NOT NULL)",
  ],
  // The idempotency keys of sends, kept for DEDUPE_WINDOW_SECONDS whatever is trimmed.
  [
    `CREATE TABLE IF NOT EXISTS sent_ids (
       sender_id TEXT NOT NULL, client_msg_id TEXT NOT NULL, seq INTEGER NOT NULL,
       created_at INTEGER NOT NULL, PRIMARY KEY (sender_id, client_msg_id)) WITHOUT ROWID`,
    "CREATE INDEX IF NOT EXISTS sent_ids_by_time ON sent_ids (created_at)",
    `INSERT OR IGNORE INTO sent_ids (sender_id, client_msg_id, seq, created_at)
     SELECT sender_id, client_msg_id, seq, created_at FROM messages
     WHERE sender_id IS NOT NULL AND client_msg_id IS NOT NULL`,
  ],
  // The seqs of trimmed system messages, never trimmed themselves, so that unread counts
  // below the trim point stay exact (see counts.ts). A room trimmed before this step lacks
  // those up to its trim point until its alarm fetches them from D1 (system_unknown_to).
  [
    "CREATE TABLE IF NOT EXISTS trimmed_system (seq INTEGER PRIMARY KEY)",
    "ALTER TABLE room ADD COLUMN system_unknown_to INTEGER NOT NULL DEFAULT 0",
    "UPDATE room SET system_unknown_to = trimmed_to",
  ],
  // An object room's card (JSON, src/protocol/objects.ts), its `version` the last object
  // event the room applied.
  ["ALTER TABLE room ADD COLUMN card TEXT"],
  // The files of an `attachment` message (JSON, src/protocol/media.ts); NULL otherwise.
  ["ALTER TABLE messages ADD COLUMN attachments TEXT"],
  // The seq a message replies to (quotes); NULL when none.
  ["ALTER TABLE messages ADD COLUMN reply_to INTEGER"],
  // Edits, deletes and reactions (docs/decisions/0008-changing-messages.md). An event's
  // row names its target (and a reaction's emoji and whether it is put); the target's row
  // carries its state as the archive's does: when last edited or deleted, its reactions
  // (JSON), and `version`, the seq of the newest event applied. Rows whose state changed
  // after the archive copied them wait in `rearchive` (with that version) to be copied again;
  // `purge_media` lists the files of deleted messages for the archive run to let go of.
  [
    "ALTER TABLE messages ADD COLUMN target INTEGER",
    "ALTER TABLE messages ADD COLUMN emoji TEXT",
    "ALTER TABLE messages ADD COLUMN reaction_on INTEGER",
    "ALTER TABLE messages ADD COLUMN edited_at INTEGER",
    "ALTER TABLE messages ADD COLUMN deleted_at INTEGER",
    "ALTER TABLE messages ADD COLUMN version INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE messages ADD COLUMN reactions TEXT",
    "CREATE INDEX IF NOT EXISTS messages_by_target ON messages (target) WHERE target IS NOT NULL",
    `CREATE TABLE IF NOT EXISTS rearchive (
       seq INTEGER PRIMARY KEY, version INTEGER NOT NULL)`,
    "CREATE TABLE IF NOT EXISTS purge_media (id TEXT PRIMARY KEY) WITHOUT ROWID",
  ],
  // A chat of two (direct, object) that a block between them closes: the blockers, JSON.
  ["ALTER TABLE room ADD COLUMN blocked_by TEXT"],
  // Messages a member deleted for themselves ("delete for me"): src/room/hidden.ts.
  [
    `CREATE TABLE IF NOT EXISTS hidden_for (
       user_id TEXT NOT NULL, seq INTEGER NOT NULL, hidden_at INTEGER NOT NULL,
       PRIMARY KEY (user_id, seq)) WITHOUT ROWID`,
  ],
];

export interface MemberRow {
  userId: string;
  role: Role;
  joinedAt: number;
  joinedSeq: number;
  leftSeq: number | null;
  deliveredSeq: number;
  readSeq: number;
  receivedSeq: number;
}

export interface Lag {
  userId: string;
  deliveredSeq: number;
  readSeq: number;
  /** The read watermark the member's session has. */
  readSent: number;
  /** The last seq this member should have. */
  upTo: number;
}

export interface RoomRow {
  id: string;
  kind: RoomKind;
  title: string | null;
  subject: string | null;
  /** An object room's card; null for other kinds. */
  card: ObjectCard | null;
  createdBy: string;
  createdAt: number;
  lastSeq: number;
  /** In a chat of two: the members who blocked the other (none, one or both). */
  blockedBy: string[];
}

export function toMember(row: Row): MemberRow {
  return {
    userId: str(row, "user_id"),
    role: str(row, "role") as Role,
    joinedAt: num(row, "joined_at"),
    joinedSeq: num(row, "joined_seq"),
    leftSeq: optNum(row, "left_seq"),
    deliveredSeq: num(row, "delivered_seq"),
    readSeq: num(row, "read_seq"),
    receivedSeq: num(row, "received_seq"),
  };
}
