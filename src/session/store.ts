/**
 * A UserSession object's SQLite storage: the user's event log (`useq`), the inbox (one row
 * per room), and each device's cursor. Synchronous, so related writes commit together.
 */
import type { ChatMessage, InboxEntry, MessageFrame, RoomKind, RoomSummary } from "../protocol";

const SCHEMA = [
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
];

type Row = Record<string, SqlStorageValue>;

export class SessionStore {
  constructor(private readonly sql: SqlStorage) {
    for (const statement of SCHEMA) sql.exec(statement);
  }

  /** The newest `useq` ever assigned (0 before the first event); survives trimming. */
  latest(): number {
    const row = this.sql.exec("SELECT value FROM meta WHERE key = 'useq'").toArray()[0];
    return typeof row?.value === "number" ? row.value : 0;
  }

  /** The oldest `useq` still in the log, or null when the log is empty. */
  oldest(): number | null {
    const row = this.sql.exec("SELECT MIN(useq) AS oldest FROM events").toArray()[0];
    return typeof row?.oldest === "number" ? row.oldest : null;
  }

  /**
   * Appends a room's messages to the log, skipping any this user already has (a redelivery),
   * and updates the inbox. Returns the frames for the new events, in order.
   */
  append(userId: string, room: RoomSummary, messages: ChatMessage[], now: number): MessageFrame[] {
    const existing = this.sql
      .exec("SELECT last_seq, unread, membership FROM rooms WHERE room_id = ?", room.id)
      .toArray()[0];
    let lastSeq = typeof existing?.last_seq === "number" ? existing.last_seq : 0;
    let unread = typeof existing?.unread === "number" ? existing.unread : 0;
    let membership = existing?.membership === "left" ? "left" : "member";
    let useq = this.latest();
    const frames: MessageFrame[] = [];
    for (const message of messages) {
      if (message.seq <= lastSeq) continue;
      lastSeq = message.seq;
      useq += 1;
      const frame: MessageFrame = { type: "message", useq, room, message };
      this.sql.exec(
        "INSERT INTO events (useq, room_id, seq, frame, created_at) VALUES (?, ?, ?, ?, ?)",
        useq,
        room.id,
        message.seq,
        JSON.stringify(frame),
        now,
      );
      frames.push(frame);
      if (message.kind === "text") unread = message.senderId === userId ? 0 : unread + 1;
      const event = message.system;
      if (event?.type === "left" && event.userId === userId) membership = "left";
      if (event?.type === "removed" && event.userId === userId) membership = "left";
      if (event?.type === "joined" && event.userIds.includes(userId)) membership = "member";
    }
    const last = frames.at(-1);
    if (!last) return frames;
    this.sql.exec(
      "INSERT INTO meta (key, value) VALUES ('useq', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      useq,
    );
    this.sql.exec(
      `INSERT INTO rooms (room_id, kind, title, last_seq, last_message, last_activity_at, unread, membership)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
       ON CONFLICT (room_id) DO UPDATE SET kind = ?2, title = ?3, last_seq = ?4, last_message = ?5,
         last_activity_at = ?6, unread = ?7, membership = ?8`,
      room.id,
      room.kind,
      room.title,
      lastSeq,
      JSON.stringify(last.message),
      last.message.createdAt,
      unread,
      membership,
    );
    return frames;
  }

  /** Logged events after `cursor`, oldest first. */
  eventsAfter(cursor: number, limit: number): MessageFrame[] {
    return this.sql
      .exec("SELECT frame FROM events WHERE useq > ? ORDER BY useq LIMIT ?", cursor, limit)
      .toArray()
      .map((row: Row) => JSON.parse(String(row.frame)) as MessageFrame);
  }

  /** The inbox, most recent activity first. */
  inbox(): InboxEntry[] {
    return this.sql
      .exec("SELECT * FROM rooms ORDER BY last_activity_at DESC, room_id")
      .toArray()
      .map((row: Row) => ({
        id: String(row.room_id),
        kind: String(row.kind) as RoomKind,
        title: row.title === null ? null : String(row.title),
        lastSeq: Number(row.last_seq),
        lastMessage:
          row.last_message === null ? null : (JSON.parse(String(row.last_message)) as ChatMessage),
        lastActivityAt: Number(row.last_activity_at),
        unreadCount: Number(row.unread),
        membership: row.membership === "left" ? "left" : "member",
      }));
  }

  setDeviceCursor(deviceId: string, cursor: number, now: number): void {
    this.sql.exec(
      `INSERT INTO devices (device_id, cursor, updated_at) VALUES (?1, ?2, ?3)
       ON CONFLICT (device_id) DO UPDATE SET cursor = MAX(cursor, ?2), updated_at = ?3`,
      deviceId,
      cursor,
      now,
    );
  }

  deviceCursor(deviceId: string): number | null {
    const row = this.sql
      .exec("SELECT cursor FROM devices WHERE device_id = ?", deviceId)
      .toArray()[0];
    return typeof row?.cursor === "number" ? row.cursor : null;
  }

  /** Keeps at most `maxEvents` events and none created before `notBefore`. */
  trim(maxEvents: number, notBefore: number): void {
    this.sql.exec("DELETE FROM events WHERE useq <= ?", this.latest() - maxEvents);
    this.sql.exec("DELETE FROM events WHERE created_at < ?", notBefore);
  }
}
