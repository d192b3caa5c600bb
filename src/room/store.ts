/**
 * A ChatRoom object's SQLite storage: the room, its members with their delivery cursors, and
 * its messages. Synchronous (Durable Object SQLite), so a caller can group writes with no
 * `await` between them and they commit together.
 */
import {
  type ChatMessage,
  type ObjectCard,
  parseStoredCard,
  QUOTABLE_KINDS,
  type Role,
  type RoomDetails,
  type RoomKind,
  type RoomSummary,
  unreadKind,
} from "../protocol";
import { LeaseTable } from "../storage/leases";
import {
  asStored,
  messageColumns,
  messageValues,
  numberedPlaceholders,
  toMessage,
} from "../storage/message-row";
import { migrate } from "../storage/migrate";
import { num, optStr, str } from "../storage/rows";
import { Counts } from "./counts";
import { HiddenMessages } from "./hidden";
import type { SeqRange } from "./history";
import { MessageStates } from "./message-state";
import { RecentMessages } from "./recent";
import { Retention } from "./retention";
import { Roster } from "./roster";
import { type Lag, type MemberRow, MIGRATIONS, type RoomRow } from "./schema";

export type { Lag, MemberRow, RoomRow } from "./schema";

/** A message row with its running counts (see counts.ts). */
const INSERT_MESSAGE = `INSERT INTO messages (${messageColumns()}, text_count, sender_count)
  VALUES (${numberedPlaceholders(1)}, ?, ?)`;

/**
 * Whose idempotency key a message's `clientMsgId` is: its sender's, or for a post of the
 * room's object (no sender) the object's, under a name no user id can take.
 */
export const OBJECT_POSTER = "object";

function idempotencySender(message: Pick<ChatMessage, "kind" | "senderId">): string | null {
  return message.senderId ?? (message.kind === "object" ? OBJECT_POSTER : null);
}

/** A room's summary: its card only when it has one (an object room). */
export function summaryOf({ id, kind, title, card }: RoomRow): RoomSummary {
  return card ? { id, kind, title, card } : { id, kind, title };
}

const cardColumn = (json: string | null) => (json === null ? null : parseStoredCard(json));

function blockersColumn(json: string | null): string[] {
  if (json === null) return [];
  const value: unknown = JSON.parse(json);
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    throw new Error("column blocked_by does not hold user ids");
  }
  return value;
}

export class RoomStore {
  /** Tables are made only when a room is created, so probing unknown ids stores nothing. */
  private ready: boolean;
  /** The room row as last read or written; undefined when it must be read again. */
  private cachedRoom: RoomRow | null | undefined;
  /** The newest messages (see recent.ts). */
  private readonly recent = new RecentMessages();
  /** Set while a write of delivery progress is asked for (see {@link delivered}). */
  private writeScheduled = false;

  private readonly storage: DurableObjectStorage;
  private readonly sql: SqlStorage;
  readonly counts: Counts;
  readonly retention: Retention;
  /** The state of messages events changed (edits, deletes, reactions). */
  readonly states: MessageStates;
  /** Messages members deleted for themselves. */
  readonly hidden: HiddenMessages;
  private readonly roster: Roster;
  private readonly watchers_: LeaseTable;

  /**
   * @param writeLater how the store has delivery progress written a little later (the
   *   object's timer); without it, progress waits for {@link writeProgress}.
   */
  constructor(
    storage: DurableObjectStorage,
    private readonly writeLater?: (write: () => void) => void,
  ) {
    this.storage = storage;
    this.sql = storage.sql;
    this.counts = new Counts(this.sql);
    this.retention = new Retention(this.sql);
    this.states = new MessageStates(this.sql, this.recent);
    this.hidden = new HiddenMessages(this.sql);
    this.roster = new Roster(this.sql);
    this.watchers_ = new LeaseTable(this.sql, "watchers", "user_id");
    this.ready = this.tablesExist();
    // A room made by an older release is brought up to date before anything reads it.
    if (this.ready) storage.transactionSync(() => migrate(this.sql, MIGRATIONS));
  }

  /**
   * Runs `fn`'s writes atomically (the object's `transactionSync`). Every write that the
   * in-memory copies follow goes through here: when `fn` throws, SQLite rolls back and the
   * copies are dropped with it, to be read again.
   */
  transaction<T>(fn: () => T): T {
    try {
      return this.storage.transactionSync(fn);
    } catch (error) {
      this.cachedRoom = undefined;
      this.recent.clear();
      this.roster.forget();
      this.counts.forget();
      this.ready = this.tablesExist(); // a rolled-back creation made none
      throw error;
    }
  }

  private tablesExist(): boolean {
    return (
      this.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'room'").toArray()
        .length > 0
    );
  }

  room(): RoomRow | null {
    if (this.cachedRoom === undefined) this.cachedRoom = this.readRoom();
    return this.cachedRoom;
  }

  private readRoom(): RoomRow | null {
    if (!this.ready) return null;
    const row = this.sql.exec("SELECT * FROM room").toArray()[0];
    if (!row) return null;
    return {
      id: str(row, "id"),
      kind: str(row, "kind") as RoomKind,
      title: optStr(row, "title"),
      subject: optStr(row, "subject"),
      card: cardColumn(optStr(row, "card")),
      createdBy: str(row, "created_by"),
      createdAt: num(row, "created_at"),
      lastSeq: num(row, "last_seq"),
      blockedBy: blockersColumn(optStr(row, "blocked_by")),
    };
  }

  /** Records that `blocker` blocked the other member of this chat of two, or no longer. */
  setBlocked(blocker: string, on: boolean): void {
    const blockers = new Set(this.room()?.blockedBy ?? []);
    if (on) blockers.add(blocker);
    else blockers.delete(blocker);
    const json = blockers.size > 0 ? JSON.stringify([...blockers].sort()) : null;
    this.sql.exec("UPDATE room SET blocked_by = ?", json);
    this.cachedRoom = undefined;
  }

  createRoom(room: Omit<RoomRow, "lastSeq" | "blockedBy">): void {
    migrate(this.sql, MIGRATIONS);
    this.ready = true;
    this.sql.exec(
      `INSERT INTO room (only, id, kind, title, subject, card, created_by, created_at, last_seq)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?, 0)`,
      room.id,
      room.kind,
      room.title,
      room.subject,
      room.card ? JSON.stringify(room.card) : null,
      room.createdBy,
      room.createdAt,
    );
    this.cachedRoom = undefined;
    this.roster.forget();
  }

  setTitle(title: string): void {
    this.sql.exec("UPDATE room SET title = ?", title);
    this.cachedRoom = undefined;
  }

  /** An object room's card, and the title that follows the object's. */
  setCard(card: ObjectCard): void {
    this.sql.exec("UPDATE room SET card = ?, title = ?", JSON.stringify(card), card.title);
    this.cachedRoom = undefined;
  }

  /** What the room tells members' sessions and devices with its messages. */
  summary(): RoomSummary | null {
    const room = this.room();
    return room ? summaryOf(room) : null;
  }

  member(userId: string): MemberRow | null {
    return this.ready ? this.roster.get(userId) : null;
  }

  /** Current members, in the order they joined. */
  activeMembers(): MemberRow[] {
    return this.ready ? this.roster.active() : [];
  }

  /** Adds a member, or brings back one who left, from `joinedSeq` on. */
  join(userId: string, role: Role, joinedAt: number, joinedSeq: number): void {
    this.roster.beforeWrite();
    this.sql.exec(
      `INSERT INTO members (user_id, role, joined_at, joined_seq, left_seq, delivered_seq,
         read_seq, read_sent, received_seq)
       VALUES (?1, ?2, ?3, ?4, NULL, ?4 - 1, ?4 - 1, ?4 - 1, ?4 - 1)
       ON CONFLICT (user_id) DO UPDATE SET role = ?2, joined_at = ?3, joined_seq = ?4,
         left_seq = NULL, delivered_seq = MAX(delivered_seq, ?4 - 1),
         read_seq = MAX(read_seq, ?4 - 1), read_sent = MAX(read_sent, ?4 - 1),
         received_seq = MAX(received_seq, ?4 - 1)`,
      userId,
      role,
      joinedAt,
      joinedSeq,
    );
    this.sql.exec("UPDATE room SET members_version = members_version + 1");
  }

  /** Ends a membership at `leftSeq`; what they leave behind stops counting as unread. */
  leave(userId: string, leftSeq: number): void {
    this.roster.beforeWrite();
    this.sql.exec(
      `UPDATE members SET left_seq = ?1, read_seq = MAX(read_seq, ?1),
         received_seq = MAX(received_seq, ?1)
       WHERE user_id = ?2`,
      leftSeq,
      userId,
    );
    this.watchers_.drop(userId);
    this.sql.exec("UPDATE room SET members_version = members_version + 1");
  }

  /** Starts or renews a member's watch lease. */
  watch(userId: string, expiresAt: number): void {
    this.watchers_.renew(userId, expiresAt);
  }

  /** Members whose watch lease is live at `now`; lapsed leases are dropped. */
  watchers(now: number): string[] {
    return this.ready ? this.watchers_.live(now) : [];
  }

  setRole(userId: string, role: Role): void {
    this.roster.beforeWrite();
    this.sql.exec("UPDATE members SET role = ? WHERE user_id = ?", role, userId);
  }

  /** Stores a message under the next seq. Call inside a transaction with related writes. */
  append(message: Omit<ChatMessage, "seq" | "roomId">, roomId: string): ChatMessage {
    const seq = (this.room()?.lastSeq ?? 0) + 1;
    // Counts carry forward on every row, so "the newest row at or before seq" answers them.
    const counts = this.counts.next(seq, message.senderId, unreadKind(message.kind) ? 1 : 0);
    const values = messageValues({ ...message, seq });
    this.sql.exec(INSERT_MESSAGE, ...values, counts.text, counts.sender);
    this.counts.appended(seq, message.senderId, counts);
    this.sql.exec("UPDATE room SET last_seq = ?", seq);
    if (this.cachedRoom) this.cachedRoom = { ...this.cachedRoom, lastSeq: seq };
    const sender = idempotencySender(message);
    if (sender !== null && message.clientMsgId !== undefined) {
      this.sql.exec(
        "INSERT INTO sent_ids (sender_id, client_msg_id, seq, created_at) VALUES (?, ?, ?, ?)",
        sender,
        message.clientMsgId,
        seq,
        message.createdAt,
      );
    }
    const stored = asStored({ ...message, seq }, roomId, values);
    this.recent.push(stored);
    return stored;
  }

  /**
   * Whether a reply may quote message `seq`: one of this room of a quotable kind. A message
   * trimmed from this copy is known not to be a system message by `trimmed_system` (the only
   * kind not quotable today; a room trimmed before that table existed may let a reply quote
   * a system message it no longer holds, which clients show as any missing target).
   */
  quotable(seq: number): boolean {
    const room = this.room();
    if (!room || seq > room.lastSeq) return false;
    const row = this.sql.exec("SELECT kind FROM messages WHERE seq = ?", seq).toArray()[0];
    if (row) return (QUOTABLE_KINDS as readonly string[]).includes(str(row, "kind"));
    return this.sql.exec("SELECT 1 FROM trimmed_system WHERE seq = ?", seq).toArray().length === 0;
  }

  /** An earlier send with this idempotency key, within DEDUPE_WINDOW_SECONDS. */
  findSent(senderId: string, clientMsgId: string): { seq: number; createdAt: number } | null {
    const row = this.sql
      .exec(
        "SELECT seq, created_at FROM sent_ids WHERE sender_id = ? AND client_msg_id = ?",
        senderId,
        clientMsgId,
      )
      .toArray()[0];
    return row ? { seq: num(row, "seq"), createdAt: num(row, "created_at") } : null;
  }

  /** Messages in a seq range of this copy (see history.ts). */
  range(roomId: string, range: SeqRange): ChatMessage[] {
    const order = range.order === "asc" ? "ASC" : "DESC";
    return this.sql
      .exec(
        `SELECT * FROM messages WHERE seq > ? AND seq < ? ORDER BY seq ${order} LIMIT ?`,
        range.afterSeq,
        range.beforeSeq,
        range.limit,
      )
      .toArray()
      .map((row) => toMessage(row, roomId));
  }

  /**
   * Members whose session lacks something: messages up to the room's last seq (for a member
   * who left, up to the seq of their leaving, never later), or their newest read watermark.
   * With `userId`, only that member: the per-message fanout loop asks once per member, so
   * it must not scan the whole member list each time.
   */
  lagging(userId?: string): Lag[] {
    const room = this.room();
    return room ? this.roster.lagging(room.lastSeq, userId) : [];
  }

  /**
   * Messages in (afterSeq, upTo], oldest first, at most `limit`: from memory when the newest
   * messages cover the range, else from SQLite. Shared objects: callers must not change them.
   */
  messagesBetween(roomId: string, afterSeq: number, upTo: number, limit: number): ChatMessage[] {
    const held = this.recent.between(roomId, afterSeq, upTo, limit);
    if (held) return held;
    return this.sql
      .exec(
        "SELECT * FROM messages WHERE seq > ? AND seq <= ? ORDER BY seq ASC LIMIT ?",
        afterSeq,
        upTo,
        limit,
      )
      .toArray()
      .map((row) => toMessage(row, roomId));
  }

  /**
   * Records that a member's session has every message up to `seq` and the read watermark
   * `readSeq` (neither ever moves backwards). The store owns delivery progress: it is held
   * in the members' copy (roster.ts) and written by {@link writeProgress}, which the store
   * asks for `writeLater` the first time progress is held (within
   * FANOUT_PROGRESS_FLUSH_MS), and which also runs on the alarm, before any change to the
   * members (roster.beforeWrite) and before a trim.
   */
  delivered(userId: string, seq: number, readSeq: number): void {
    this.roster.delivered(userId, seq, readSeq);
    if (this.writeScheduled || !this.writeLater) return;
    this.writeScheduled = true;
    this.writeLater(() => this.writeProgress());
  }

  /** True while delivery progress is in memory only (see {@link delivered}). */
  unflushedProgress(): boolean {
    return this.roster.unflushed();
  }

  /**
   * Writes delivery progress held in memory to SQLite, in its own transaction; until then an
   * eviction costs a redelivery, which sessions drop. A failed write is logged by the caller
   * and redone later: the progress stays in memory.
   */
  writeProgress(): void {
    this.writeScheduled = false;
    if (this.roster.unflushed()) this.transaction(() => this.roster.flush());
  }

  /** Writes delivery progress held in memory, inside the caller's transaction. */
  flushProgress(): void {
    this.roster.flush();
  }

  /**
   * Moves a member's read watermark forward, never past the last seq; what is read was
   * received too. True if it moved.
   */
  markRead(userId: string, seq: number): boolean {
    const before = this.member(userId)?.readSeq ?? 0;
    const upTo = Math.min(seq, this.room()?.lastSeq ?? 0);
    this.sql.exec(
      `UPDATE members SET read_seq = MAX(read_seq, ?1), received_seq = MAX(received_seq, ?1)
       WHERE user_id = ?2`,
      upTo,
      userId,
    );
    this.roster.read(userId, upTo);
    return (this.member(userId)?.readSeq ?? 0) > before;
  }

  /** Moves a member's "a device has it" watermark forward. True if it moved. */
  markReceived(userId: string, seq: number): boolean {
    const before = this.member(userId)?.receivedSeq ?? 0;
    const upTo = Math.min(seq, this.room()?.lastSeq ?? 0);
    this.sql.exec(
      "UPDATE members SET received_seq = MAX(received_seq, ?) WHERE user_id = ?",
      upTo,
      userId,
    );
    this.roster.received(userId, upTo);
    return (this.member(userId)?.receivedSeq ?? 0) > before;
  }

  /**
   * Messages up to `trimTo` are about to be deleted (see retention.ts): the running counts
   * at that point and the seqs of the system messages among them are kept (so a watermark
   * older than the trim point is still counted exactly), and the trimmed messages leave
   * memory too, so that reads agree with SQLite's. The counts at the newest message stay
   * in memory: trimming changes none of them.
   */
  trimming(trimTo: number): void {
    this.counts.rebase(trimTo);
    this.recent.trim(trimTo);
  }

  /**
   * Messages from others (system messages aside) in (readSeq, upTo]: counted in memory when
   * the newest messages cover that range, else from the running counts (see counts.ts).
   */
  unreadFor(userId: string, readSeq: number, upTo: number): number {
    return (
      this.recent.unreadFor(userId, readSeq, upTo) ?? this.counts.unreadFor(userId, readSeq, upTo)
    );
  }

  details(): RoomDetails | null {
    const room = this.room();
    if (!room) return null;
    return {
      id: room.id,
      kind: room.kind,
      title: room.title,
      subject: room.subject,
      card: room.card,
      createdAt: room.createdAt,
      lastSeq: room.lastSeq,
      members: this.activeMembers().map((m) => ({
        userId: m.userId,
        role: m.role,
        joinedAt: m.joinedAt,
        joinedSeq: m.joinedSeq,
        readSeq: m.readSeq,
        receivedSeq: m.receivedSeq,
      })),
    };
  }
}
