/**
 * A UserSession object's SQLite storage: the user's event log (`useq`: messages and read
 * state changes), the inbox (one row per room, with the read watermark and unread count),
 * and each device's cursor. Synchronous, so related writes commit together.
 */
import {
  applyChange,
  type ChatMessage,
  countsAsUnread,
  hiddenForm,
  type InboxEntry,
  type InboxPage,
  type InboxPosition,
  inboxCursor,
  type LoggedFrame,
  MESSAGE_KIND_RULES,
  type ObjectInboxGroup,
  parseStoredCard,
  type ReadReceipt,
  ROOM_KINDS,
  type RoomSummary,
  unreadKind,
} from "../protocol";
import { migrate } from "../storage/migrate";
import { num, str } from "../storage/rows";
import { DeviceCursors } from "./cursors";
import { EventLog } from "./log";
import { PushStore } from "./push-store";
import { RevokedDevices } from "./revoked";
import { MIGRATIONS, toInboxEntry } from "./schema";

export class SessionStore {
  private readonly sql: SqlStorage;
  /** Device cursors, kept in memory and written with the next transaction. */
  readonly cursors: DeviceCursors;
  /** The event log, a row per delivery. */
  readonly log: EventLog;
  /** The user's signed-out devices. */
  readonly revoked: RevokedDevices;
  /** Push subscriptions and what was pushed. */
  readonly push: PushStore;
  /** The newest `useq`, once read; null after a failed transaction. */
  private useq: number | null = null;

  constructor(private readonly storage: DurableObjectStorage) {
    this.sql = storage.sql;
    this.cursors = new DeviceCursors(this.sql);
    this.log = new EventLog(this.sql);
    this.revoked = new RevokedDevices(this.sql);
    this.push = new PushStore(this.sql);
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
      this.log.forget();
      this.cursors.forget();
      this.revoked.forget();
      this.push.forget();
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

  /**
   * Applies one delivery from a room: logs the messages this user does not have yet (a
   * redelivery is skipped), then the read state that came with them, and updates the inbox.
   * Returns the new events, in order, for the devices. `messagesJson` is `messages` as the
   * room sent them, JSON: logged as it is when every message is new.
   */
  append(
    userId: string,
    room: RoomSummary,
    messages: ChatMessage[],
    receipt: ReadReceipt,
    now: number,
    messagesJson?: string,
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
    let logged = 0; // messages new to this user
    let hidden = before?.hidden ?? false;
    let stranger = before?.stranger ?? false;
    const deletes: ChatMessage[] = [];
    for (const message of messages) {
      if (message.seq <= lastSeq) continue;
      lastSeq = message.seq;
      // A hidden chat comes back with its next message; a chat of two the other started is
      // a stranger's until the user writes in it.
      if (unreadKind(message.kind)) hidden = false;
      if (message.senderId === userId && unreadKind(message.kind)) stranger = false;
      const started = message.system;
      if (started?.type === "created" && started.by !== userId && ROOM_KINDS[room.kind].pair) {
        stranger = true;
      }
      // A change to a message moves nothing up the inbox; it changes the preview only
      // when it changes the message shown there.
      if (MESSAGE_KIND_RULES[message.kind].event) {
        if (lastMessage) lastMessage = applyChange(lastMessage, message);
        if (message.kind === "delete") deletes.push(message);
      } else {
        lastMessage = message;
      }
      logged += 1;
      useq += 1;
      frames.push({ type: "message", useq, room, message });
      if (message.seq > readBefore && countsAsUnread(message, userId)) {
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
    this.log.append(frames, now, logged === messages.length ? messagesJson : undefined);
    for (const deleted of deletes) this.log.redact(deleted);
    this.setLatest(useq);
    this.sql.exec(
      `INSERT INTO rooms (room_id, kind, title, last_seq, last_message, last_activity_at, unread,
         membership, read_seq, subject, card, hidden, stranger)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
       ON CONFLICT (room_id) DO UPDATE SET kind = ?2, title = ?3, last_seq = ?4,
         last_message = ?5, last_activity_at = ?6, unread = ?7, membership = ?8, read_seq = ?9,
         subject = COALESCE(?10, subject), card = COALESCE(?11, card), hidden = ?12,
         stranger = ?13`,
      room.id,
      room.kind,
      room.title,
      lastSeq,
      JSON.stringify(lastMessage),
      lastMessage.createdAt,
      unread,
      membership,
      readSeq,
      room.card?.id ?? null,
      room.card ? JSON.stringify(room.card) : null,
      hidden ? 1 : 0,
      stranger ? 1 : 0,
    );
    return frames;
  }

  /** The inbox entry of one room, or null when the user has none. */
  room(roomId: string): InboxEntry | null {
    const row = this.sql.exec("SELECT * FROM rooms WHERE room_id = ?", roomId).toArray()[0];
    return row ? toInboxEntry(row) : null;
  }

  /** The user's unread messages over every room they are in (the app badge). */
  totalUnread(): number {
    const row = this.sql
      .exec("SELECT COALESCE(SUM(unread), 0) AS total FROM rooms WHERE membership = 'member'")
      .toArray()[0];
    return row ? num(row, "total") : 0;
  }

  /**
   * Mutes or unmutes a room the user has. Null when the user has no such room; otherwise
   * the logged event, or no event when nothing changed.
   */
  setMuted(roomId: string, muted: boolean, now: number): { frame: LoggedFrame | null } | null {
    return this.setRoomPref(roomId, "muted", muted, now);
  }

  /**
   * Hides a room from the inbox until its next message, or shows it again. Null when the
   * user has no such room; otherwise the logged event, or none when nothing changed.
   */
  setHidden(roomId: string, hidden: boolean, now: number): { frame: LoggedFrame | null } | null {
    return this.setRoomPref(roomId, "hidden", hidden, now);
  }

  /**
   * "Delete for me": logs that the user hid the message at `seq` of a room they have, and
   * shows it hidden in the inbox when it is the preview. Null when the user has no such room.
   */
  hideMessage(roomId: string, seq: number, now: number): LoggedFrame | null {
    const entry = this.room(roomId);
    if (!entry) return null;
    if (entry.lastMessage?.seq === seq && entry.lastMessage.hidden !== true) {
      const preview = JSON.stringify(hiddenForm(entry.lastMessage));
      this.sql.exec("UPDATE rooms SET last_message = ? WHERE room_id = ?", preview, roomId);
    }
    const useq = this.nextUseq();
    return this.logOne({ type: "message_hidden", useq, roomId, seq }, now);
  }

  private setRoomPref(
    roomId: string,
    column: "muted" | "hidden",
    on: boolean,
    now: number,
  ): { frame: LoggedFrame | null } | null {
    const row = this.sql
      .exec("SELECT muted, hidden FROM rooms WHERE room_id = ?", roomId)
      .toArray()[0];
    if (!row) return null;
    if ((row[column] === 1) === on) return { frame: null };
    this.sql.exec(`UPDATE rooms SET ${column} = ? WHERE room_id = ?`, on ? 1 : 0, roomId);
    const prefs = { muted: row.muted === 1, hidden: row.hidden === 1, [column]: on };
    const useq = this.nextUseq();
    return { frame: this.logOne({ type: "room_prefs", useq, roomId, ...prefs }, now) };
  }

  doNotDisturbUntil(): number | null {
    const value = this.pref("dnd_until");
    return typeof value === "number" ? value : null;
  }

  /** Whether a push shows the message's text (on unless the user turned it off). */
  previews(): boolean {
    return this.pref("previews") !== 0;
  }

  /**
   * Changes the notification settings given; returns the logged event (both settings as they
   * now are), or null when nothing changed.
   */
  setPrefs(
    change: { doNotDisturbUntil?: number | null; previews?: boolean },
    now: number,
  ): LoggedFrame | null {
    const until = change.doNotDisturbUntil;
    const dndChanged = until !== undefined && until !== this.doNotDisturbUntil();
    const previewsChanged = change.previews !== undefined && change.previews !== this.previews();
    if (!dndChanged && !previewsChanged) return null;
    if (dndChanged) this.setPref("dnd_until", until);
    if (previewsChanged) this.setPref("previews", change.previews ? 1 : 0);
    const useq = this.nextUseq();
    const frame = {
      type: "prefs" as const,
      useq,
      doNotDisturbUntil: this.doNotDisturbUntil(),
      previews: this.previews(),
    };
    return this.logOne(frame, now);
  }

  private pref(key: string): unknown {
    return this.sql.exec("SELECT value FROM prefs WHERE key = ?", key).toArray()[0]?.value;
  }

  private setPref(key: string, value: number | null): void {
    this.sql.exec(
      "INSERT INTO prefs (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      key,
      value,
    );
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

  private logOne<F extends LoggedFrame>(frame: F, now: number): F {
    this.log.append([frame], now);
    return frame;
  }

  /**
   * A page of the inbox: at most `limit` rooms, most recent activity first (the larger room
   * id first on a tie), starting just after `after`. Keyset paging on the index: a room
   * whose activity moves while a client pages is never listed twice, and every other room
   * exactly once.
   */
  inboxPage(
    limit: number,
    after: InboxPosition | null,
    objectId: string | null = null,
  ): Omit<InboxPage, "users"> {
    // An object chat the user left is hidden from them (it comes back if they are back).
    const where: string[] = ["NOT (kind = 'object' AND membership = 'left')", "hidden = 0"];
    const params: (string | number)[] = [];
    if (objectId !== null) {
      where.push("subject = ?");
      params.push(objectId);
    }
    if (after) {
      where.push("(last_activity_at, room_id) < (?, ?)");
      params.push(after.lastActivityAt, after.roomId);
    }
    const filter = `WHERE ${where.join(" AND ")}`;
    const rows = this.sql
      .exec(
        `SELECT * FROM rooms ${filter} ORDER BY last_activity_at DESC, room_id DESC LIMIT ?`,
        ...params,
        limit + 1,
      )
      .toArray();
    const rooms = rows.slice(0, limit).map(toInboxEntry);
    const last = rooms.at(-1);
    return { rooms, nextCursor: rows.length > limit && last ? inboxCursor(last) : null };
  }

  /**
   * The objects `ownerId` owns that have chats this user is in, most recent activity first,
   * at most `limit`: each with the card of its most recently active chat (SQLite takes the
   * bare `card` from the row that holds the MAX), its chats and their unread messages.
   */
  objectGroups(ownerId: string, limit: number): ObjectInboxGroup[] {
    return this.sql
      .exec(
        `SELECT card, COUNT(*) AS chats, SUM(unread) AS unread,
           MAX(last_activity_at) AS last_activity_at
         FROM rooms
         WHERE subject IS NOT NULL AND membership = 'member'
           AND json_extract(card, '$.ownerId') = ?
         GROUP BY subject ORDER BY last_activity_at DESC, subject DESC LIMIT ?`,
        ownerId,
        limit,
      )
      .toArray()
      .map((row) => ({
        card: parseStoredCard(str(row, "card")),
        chats: num(row, "chats"),
        unreadCount: num(row, "unread"),
        lastActivityAt: num(row, "last_activity_at"),
      }));
  }

  /**
   * Keeps the newest `maxEvents` events and none created before `notBefore`; a run of events
   * logged as one row goes whole (see src/session/log.ts), so one run may stay past the limit.
   */
  trim(maxEvents: number, notBefore: number): void {
    this.log.trim(this.latest() - maxEvents + 1, notBefore);
  }
}
