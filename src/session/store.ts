/**
 * A UserSession object's SQLite storage: the user's event log (`useq`: messages and read
 * state changes), the inbox (one row per room, with the read watermark and unread count),
 * and each device's cursor. Synchronous, so related writes commit together.
 */
import type {
  ChatMessage,
  InboxEntry,
  LoggedFrame,
  ReadReceipt,
  RoomKind,
  RoomSummary,
} from "../protocol";
import { type Migration, migrate } from "../storage/migrate";
import { num, optStr, type Row, str } from "../storage/rows";
import { DeviceCursors } from "./cursors";

/** Direct rooms' ids start with this (see src/protocol/http.ts). */
const DIRECT_PREFIX = "dm:";

function toInboxEntry(row: Row): InboxEntry {
  const lastMessage = optStr(row, "last_message");
  return {
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
  };
}

/** The session's schema, one entry per version (see src/storage/migrate.ts). */
const MIGRATIONS: Migration[] = [
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
];

export class SessionStore {
  private readonly sql: SqlStorage;
  /** Device cursors, kept in memory and written with the next transaction. */
  readonly cursors: DeviceCursors;
  /** The newest `useq`, once read; null after a failed transaction. */
  private useq: number | null = null;
  /** No direct room's event is logged after this `useq` (an upper bound); null until read. */
  private newestDirect: number | null = null;

  constructor(private readonly storage: DurableObjectStorage) {
    this.sql = storage.sql;
    this.cursors = new DeviceCursors(this.sql);
    storage.transactionSync(() => migrate(this.sql, MIGRATIONS));
  }

  /**
   * Runs `fn` as one transaction, with the device cursors kept in memory written in it. When
   * it throws, nothing of it is stored, so the copies in memory are dropped too.
   */
  transaction<T>(fn: () => T): T {
    try {
      return this.storage.transactionSync(() => {
        const result = fn();
        this.cursors.flush();
        return result;
      });
    } catch (error) {
      this.useq = null;
      this.newestDirect = null;
      this.cursors.forget();
      throw error;
    }
  }

  /** The newest `useq` ever assigned (0 before the first event); survives trimming. */
  latest(): number {
    if (this.useq === null) {
      const row = this.sql.exec("SELECT value FROM meta WHERE key = 'useq'").toArray()[0];
      this.useq = typeof row?.value === "number" ? row.value : 0;
    }
    return this.useq;
  }

  /** The oldest `useq` still in the log, or null when the log is empty. */
  oldest(): number | null {
    const row = this.sql.exec("SELECT MIN(useq) AS oldest FROM events").toArray()[0];
    return typeof row?.oldest === "number" ? row.oldest : null;
  }

  /**
   * Applies one delivery from a room: logs the messages this user does not have yet (a
   * redelivery is skipped), then the read state that came with them, and updates the inbox.
   * Returns the new events, in order, for the devices.
   */
  append(
    userId: string,
    room: RoomSummary,
    messages: ChatMessage[],
    receipt: ReadReceipt,
    now: number,
  ): LoggedFrame[] {
    const existing = this.sql.exec("SELECT * FROM rooms WHERE room_id = ?", room.id).toArray()[0];
    const before = existing ? toInboxEntry(existing) : null;
    let lastSeq = before?.lastSeq ?? 0;
    let unread = before?.unreadCount ?? 0;
    let membership = before?.membership ?? "member";
    const readBefore = before?.readSeq ?? 0;
    let useq = this.latest();
    const frames: LoggedFrame[] = [];
    let lastMessage = before?.lastMessage ?? null;
    for (const message of messages) {
      if (message.seq <= lastSeq) continue;
      lastSeq = message.seq;
      lastMessage = message;
      useq += 1;
      frames.push({ type: "message", useq, room, message });
      if (message.kind !== "system" && message.senderId !== userId && message.seq > readBefore) {
        unread += 1;
      }
      const event = message.system;
      if (event?.type === "left" && event.userId === userId) membership = "left";
      if (event?.type === "removed" && event.userId === userId) membership = "left";
      if (event?.type === "joined" && event.userIds.includes(userId)) membership = "member";
    }
    if (!lastMessage) return frames; // Read state for a room this user has no message of.
    // The room counted unread as of `upTo`; it is exact when that is the newest seq here.
    if (receipt.upTo === lastSeq) unread = receipt.unreadCount;
    const readSeq = Math.max(readBefore, Math.min(receipt.readSeq, lastSeq));
    if (readSeq > readBefore) {
      useq += 1;
      frames.push({ type: "read", useq, roomId: room.id, readSeq, unreadCount: unread });
    }
    if (frames.length === 0) return frames;
    this.logAll(room.id, frames, now);
    this.setLatest(useq);
    this.sql.exec(
      `INSERT INTO rooms (room_id, kind, title, last_seq, last_message, last_activity_at, unread,
         membership, read_seq)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
       ON CONFLICT (room_id) DO UPDATE SET kind = ?2, title = ?3, last_seq = ?4,
         last_message = ?5, last_activity_at = ?6, unread = ?7, membership = ?8, read_seq = ?9`,
      room.id,
      room.kind,
      room.title,
      lastSeq,
      JSON.stringify(lastMessage),
      lastMessage.createdAt,
      unread,
      membership,
      readSeq,
    );
    return frames;
  }

  /**
   * Mutes or unmutes a room the user has. Null when the user has no such room; otherwise
   * the logged event, or no event when nothing changed.
   */
  setMuted(roomId: string, muted: boolean, now: number): { frame: LoggedFrame | null } | null {
    const row = this.sql.exec("SELECT muted FROM rooms WHERE room_id = ?", roomId).toArray()[0];
    if (!row) return null;
    if ((row.muted === 1) === muted) return { frame: null };
    this.sql.exec("UPDATE rooms SET muted = ? WHERE room_id = ?", muted ? 1 : 0, roomId);
    const useq = this.nextUseq();
    return { frame: this.log({ type: "room_prefs", useq, roomId, muted }, 0, now) };
  }

  doNotDisturbUntil(): number | null {
    const row = this.sql.exec("SELECT value FROM prefs WHERE key = 'dnd_until'").toArray()[0];
    return typeof row?.value === "number" ? row.value : null;
  }

  /** Sets do-not-disturb; returns the logged event, or null when nothing changed. */
  setDoNotDisturb(until: number | null, now: number): LoggedFrame | null {
    if (this.doNotDisturbUntil() === until) return null;
    this.sql.exec(
      "INSERT INTO prefs (key, value) VALUES ('dnd_until', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      until,
    );
    const useq = this.nextUseq();
    return this.log({ type: "prefs", useq, doNotDisturbUntil: until }, 0, now);
  }

  /** Claims the next `useq` for an event logged on its own. */
  private nextUseq(): number {
    const useq = this.latest() + 1;
    this.setLatest(useq);
    return useq;
  }

  private setLatest(useq: number): void {
    this.sql.exec(
      "INSERT INTO meta (key, value) VALUES ('useq', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      useq,
    );
    this.useq = useq;
  }

  /** Keeps {@link newestDirect} an upper bound as events are logged. */
  private logged(roomId: string, useq: number): void {
    if (roomId.startsWith(DIRECT_PREFIX) && this.newestDirect !== null) {
      this.newestDirect = Math.max(this.newestDirect, useq);
    }
  }

  private log<F extends LoggedFrame>(frame: F, seq: number, now: number): F {
    const roomId =
      frame.type === "message" ? frame.room.id : frame.type === "prefs" ? "" : frame.roomId;
    this.sql.exec(
      "INSERT INTO events (useq, room_id, seq, frame, created_at) VALUES (?, ?, ?, ?, ?)",
      frame.useq,
      roomId,
      seq,
      JSON.stringify(frame),
      now,
    );
    this.logged(roomId, frame.useq);
    return frame;
  }

  /**
   * Logs a delivery's events of one room in a single statement: SQLite takes them apart
   * from one JSON array, so the cost per event is a row, not a call into the database.
   */
  private logAll(roomId: string, frames: readonly LoggedFrame[], now: number): void {
    const rows = frames.map((frame) => ({
      frame,
      seq: frame.type === "message" ? frame.message.seq : frame.type === "read" ? frame.readSeq : 0,
    }));
    this.sql.exec(
      `INSERT INTO events (useq, room_id, seq, frame, created_at)
       SELECT json_extract(value, '$.frame.useq'), ?2, json_extract(value, '$.seq'),
         json_extract(value, '$.frame'), ?3
       FROM json_each(?1)`,
      JSON.stringify(rows),
      roomId,
      now,
    );
    const last = frames[frames.length - 1];
    if (last) this.logged(roomId, last.useq);
  }

  /** Logged events after `cursor`, oldest first. */
  eventsAfter(cursor: number, limit: number): LoggedFrame[] {
    return this.sql
      .exec("SELECT frame FROM events WHERE useq > ? ORDER BY useq LIMIT ?", cursor, limit)
      .toArray()
      .map((row: Row) => JSON.parse(str(row, "frame")) as LoggedFrame);
  }

  /** The inbox, most recent activity first. */
  inbox(): InboxEntry[] {
    return this.sql
      .exec("SELECT * FROM rooms ORDER BY last_activity_at DESC, room_id")
      .toArray()
      .map(toInboxEntry);
  }

  /**
   * Direct rooms with events in (after, upTo], and the newest seq of each: what a device
   * newly has, for "delivered" marks. At most `limit` rooms, the most recent first.
   */
  directRoomsBetween(
    after: number,
    upTo: number,
    limit: number,
  ): { roomId: string; seq: number }[] {
    if (this.newestDirect === null) {
      const row = this.sql
        .exec(`SELECT MAX(useq) AS newest FROM events WHERE room_id LIKE '${DIRECT_PREFIX}%'`)
        .toArray()[0];
      this.newestDirect = typeof row?.newest === "number" ? row.newest : 0;
    }
    // Most reports cover only group rooms' events: no query for those.
    if (this.newestDirect <= after) return [];
    return this.sql
      .exec(
        `SELECT room_id, MAX(seq) AS seq FROM events
         WHERE useq > ? AND useq <= ? AND room_id LIKE '${DIRECT_PREFIX}%'
         GROUP BY room_id ORDER BY MAX(useq) DESC LIMIT ?`,
        after,
        upTo,
        limit,
      )
      .toArray()
      .map((row) => ({ roomId: str(row, "room_id"), seq: num(row, "seq") }));
  }

  /** Keeps at most `maxEvents` events and none created before `notBefore`. */
  trim(maxEvents: number, notBefore: number): void {
    this.sql.exec("DELETE FROM events WHERE useq <= ?", this.latest() - maxEvents);
    this.sql.exec("DELETE FROM events WHERE created_at < ?", notBefore);
  }
}
