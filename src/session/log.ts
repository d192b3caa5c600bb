/**
 * A UserSession's event log on SQLite: one row per delivery from a room, not one per event.
 * A row holds a run of consecutive events of one room, its messages and perhaps a read event
 * after them: `useq` is the run's last (the key), `first_useq` its first, `frame` the last
 * event, and `run` the room and the run's messages, `{"room":…,"messages":[…]}`, the messages
 * as the room sent them (the session does not write them out again). An event logged on its
 * own, and every row written before runs were, has both extra columns NULL. Writing a
 * delivery of fifty events is then one row, about a third of the cost of fifty (see
 * docs/performance.md).
 *
 * Trimming removes whole rows, so the log may keep up to one run more than its limit.
 * Older code that meets run rows reads the last event of each (`frame`); devices see a gap
 * in the room's seqs and fetch the rest from the room's history.
 */
import {
  applyChange,
  type ChatMessage,
  type LoggedFrame,
  type MessageFrame,
  ROOM_ID_PREFIX,
  type RoomSummary,
} from "../protocol";
import { num, optNum, optStr, type Row, str } from "../storage/rows";

const DIRECT_PREFIX = ROOM_ID_PREFIX.direct;

/** The room an event belongs to ("" for the user's own settings). */
function roomOf(frame: LoggedFrame): string {
  return frame.type === "message" ? frame.room.id : frame.type === "prefs" ? "" : frame.roomId;
}

/** The seq an event stands for: a message's seq, a read watermark, otherwise 0. */
function seqOf(frame: LoggedFrame): number {
  return frame.type === "message" ? frame.message.seq : frame.type === "read" ? frame.readSeq : 0;
}

/** The highest seq among events (0 for none). */
function maxSeq(frames: readonly LoggedFrame[]): number {
  return frames.reduce((max, frame) => Math.max(max, seqOf(frame)), 0);
}

/** A run as stored in the `run` column. */
interface Run {
  room: RoomSummary;
  messages: ChatMessage[];
}

function isRun(value: unknown): value is Run {
  if (typeof value !== "object" || value === null) return false;
  const { room, messages } = value as Record<string, unknown>;
  return typeof room === "object" && room !== null && Array.isArray(messages);
}

/** The events of one row, oldest first. */
function eventsOf(row: Row): LoggedFrame[] {
  const last = JSON.parse(str(row, "frame")) as LoggedFrame;
  // Written before previews could be turned off: they were on.
  if (last.type === "prefs" && typeof last.previews !== "boolean") last.previews = true;
  // Written before chats could be hidden: they were not.
  if (last.type === "room_prefs" && typeof last.hidden !== "boolean") last.hidden = false;
  const text = optStr(row, "run");
  if (text === null) return [last];
  const first = num(row, "first_useq");
  const run: unknown = JSON.parse(text);
  if (!isRun(run)) throw new Error("column run does not hold a room and its messages");
  const frames: LoggedFrame[] = run.messages.map((message, i) => ({
    type: "message",
    useq: first + i,
    room: run.room,
    message,
  }));
  if (last.useq === first + frames.length) frames.push(last); // the read event after them
  return frames;
}

/**
 * The `run` column of a row of these events: null for a single event. `messagesJson`, when
 * given, is the run's messages as a JSON array, exactly these and in this order.
 */
function runOf(frames: readonly LoggedFrame[], messagesJson?: string): string | null {
  const first = frames[0];
  const last = frames[frames.length - 1];
  if (frames.length < 2 || !first || !last) return null;
  const messages = frames.filter((frame): frame is MessageFrame => frame.type === "message");
  const room = messages[0]?.room;
  const shaped =
    room !== undefined &&
    (messages.length === frames.length ||
      (messages.length === frames.length - 1 && last.type !== "message")) &&
    frames.every((frame, i) => frame.useq === first.useq + i && roomOf(frame) === room.id);
  if (!shaped) throw new Error("a run is messages of one room, then at most one other event");
  const json = messagesJson ?? JSON.stringify(messages.map((frame) => frame.message));
  return `{"room":${JSON.stringify(room)},"messages":${json}}`;
}

export class EventLog {
  /** No direct room's event is logged after this `useq` (an upper bound); null until read. */
  private newestDirect: number | null = null;

  constructor(private readonly sql: SqlStorage) {}

  /** Drops what is kept in memory, after a transaction that wrote to the log failed. */
  forget(): void {
    this.newestDirect = null;
  }

  /**
   * Logs events as one row: a single event, or a run (a room's messages with consecutive
   * `useq`s, then perhaps one other event of the room). `messagesJson` may carry the run's
   * messages as JSON already, saving writing them out again.
   */
  append(frames: readonly LoggedFrame[], now: number, messagesJson?: string): void {
    const last = frames[frames.length - 1];
    const first = frames[0];
    if (!last || !first) return;
    const roomId = roomOf(last);
    const run = runOf(frames, messagesJson);
    this.sql.exec(
      `INSERT INTO events (useq, first_useq, room_id, seq, frame, run, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      last.useq,
      run === null ? null : first.useq,
      roomId,
      maxSeq(frames),
      JSON.stringify(last),
      run,
      now,
    );
    if (roomId.startsWith(DIRECT_PREFIX) && this.newestDirect !== null) {
      this.newestDirect = Math.max(this.newestDirect, last.useq);
    }
  }

  /** The oldest `useq` still in the log, or null when the log is empty. */
  oldest(): number | null {
    const row = this.sql
      .exec("SELECT COALESCE(first_useq, useq) AS oldest FROM events ORDER BY useq LIMIT 1")
      .toArray()[0];
    return typeof row?.oldest === "number" ? row.oldest : null;
  }

  /** At most `limit` logged events after `cursor`, oldest first. */
  eventsAfter(cursor: number, limit: number): LoggedFrame[] {
    const out: LoggedFrame[] = [];
    // Every row holds at least one event, so `limit` rows are enough.
    const rows = this.sql.exec(
      "SELECT first_useq, frame, run FROM events WHERE useq > ? ORDER BY useq LIMIT ?",
      cursor,
      limit,
    );
    for (const row of rows) {
      for (const frame of eventsOf(row)) {
        if (frame.useq <= cursor) continue; // the part of a run the device has
        if (out.length === limit) return out;
        out.push(frame);
      }
    }
    return out;
  }

  /**
   * Direct rooms with events in (after, upTo], and the newest seq of each among those
   * events: what a device newly has, for "delivered" marks. At most `limit` rooms, the most
   * recent first.
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
    // Rows that end by `upTo`: the device has every event of them.
    const rooms = this.sql
      .exec(
        `SELECT room_id, MAX(seq) AS seq, MAX(useq) AS useq FROM events
         WHERE useq > ? AND useq <= ? AND room_id LIKE '${DIRECT_PREFIX}%'
         GROUP BY room_id ORDER BY MAX(useq) DESC LIMIT ?`,
        after,
        upTo,
        limit,
      )
      .toArray()
      .map((row) => ({
        roomId: str(row, "room_id"),
        seq: num(row, "seq"),
        useq: num(row, "useq"),
      }));
    // The one row that may run past `upTo`: the device has its events up to there.
    const next = this.sql
      .exec(
        "SELECT room_id, first_useq, frame, run FROM events WHERE useq > ? ORDER BY useq LIMIT 1",
        upTo,
      )
      .toArray()[0];
    const firstOfNext = next ? optNum(next, "first_useq") : null;
    if (next && firstOfNext !== null && firstOfNext <= upTo) {
      const roomId = str(next, "room_id");
      if (roomId.startsWith(DIRECT_PREFIX)) {
        const had = eventsOf(next).filter((frame) => frame.useq <= upTo);
        const earlier = rooms.findIndex((room) => room.roomId === roomId);
        const seq = Math.max(maxSeq(had), earlier === -1 ? 0 : (rooms[earlier]?.seq ?? 0));
        if (earlier !== -1) rooms.splice(earlier, 1);
        rooms.unshift({ roomId, seq, useq: upTo }); // the most recent of them all
      }
    }
    return rooms.slice(0, limit).map(({ roomId, seq }) => ({ roomId, seq }));
  }

  /**
   * A message was deleted for everyone (`deleted`, the `delete` event): its copy, and the
   * text of its edits, are blanked in the rows that logged them, so that no replay sends
   * that text again. Those are rows of its room whose newest seq reaches the target; what
   * the log no longer holds needs nothing.
   */
  redact(deleted: ChatMessage): void {
    const target = deleted.target;
    if (target === undefined) return;
    const rows = this.sql
      .exec(
        "SELECT useq, frame, run FROM events WHERE room_id = ? AND seq >= ? ORDER BY useq",
        deleted.roomId,
        target,
      )
      .toArray();
    const blank = (m: ChatMessage) => applyChange(m, deleted);
    for (const row of rows) {
      const last = JSON.parse(str(row, "frame")) as LoggedFrame;
      const frame = last.type === "message" ? { ...last, message: blank(last.message) } : last;
      const text = optStr(row, "run");
      const run: unknown = text === null ? null : JSON.parse(text);
      const blanked = isRun(run) ? { room: run.room, messages: run.messages.map(blank) } : null;
      const frameJson = JSON.stringify(frame);
      const runJson = blanked === null ? text : JSON.stringify(blanked);
      if (frameJson === str(row, "frame") && runJson === text) continue;
      this.sql.exec(
        "UPDATE events SET frame = ?, run = ? WHERE useq = ?",
        frameJson,
        runJson,
        num(row, "useq"),
      );
    }
  }

  /** Keeps the rows ending after `oldestKept - 1` and created at or after `notBefore`. */
  trim(oldestKept: number, notBefore: number): void {
    this.sql.exec("DELETE FROM events WHERE useq < ?", oldestKept);
    this.sql.exec("DELETE FROM events WHERE created_at < ?", notBefore);
  }
}
