/**
 * The room's members in memory, read from SQLite once and again after any change to them.
 * Fanout asks who lags once per commit and once per batch, and every operation checks
 * membership; this answers those without a query.
 *
 * Delivery progress (`delivered_seq`, `read_sent`) moves in memory first and reaches SQLite
 * with {@link Roster.flush}, a few times a second instead of once per session call. Losing
 * the unflushed part (an eviction, a failed transaction) costs only a redelivery, which
 * sessions drop: progress in SQLite is never ahead of what was delivered.
 */
import { num } from "../storage/rows";
import { type Lag, type MemberRow, toMember } from "./schema";

interface Entry extends MemberRow {
  /** The read watermark the member's session has. */
  readSent: number;
}

export class Roster {
  private entries: Map<string, Entry> | undefined;
  /** Members whose progress in memory is ahead of SQLite. */
  private readonly dirty = new Set<string>();

  constructor(private readonly sql: SqlStorage) {}

  get(userId: string): MemberRow | null {
    const entry = this.all().get(userId);
    return entry ? withoutReadSent(entry) : null;
  }

  /** Current members, in the order they joined. */
  active(): MemberRow[] {
    return [...this.all().values()]
      .filter((m) => m.leftSeq === null)
      .sort((a, b) => a.joinedSeq - b.joinedSeq || (a.userId < b.userId ? -1 : 1))
      .map(withoutReadSent);
  }

  /** See RoomStore.lagging. */
  lagging(lastSeq: number, userId?: string): Lag[] {
    const lags: Lag[] = [];
    const candidates =
      userId === undefined ? this.all().values() : [this.all().get(userId)].filter(isEntry);
    for (const m of candidates) {
      const upTo = m.leftSeq ?? lastSeq;
      if (m.deliveredSeq < upTo || (m.leftSeq === null && m.readSent < m.readSeq)) {
        lags.push({
          userId: m.userId,
          deliveredSeq: m.deliveredSeq,
          readSeq: m.readSeq,
          readSent: m.readSent,
          upTo,
        });
      }
    }
    return lags;
  }

  /** A member's session has messages up to `seq` and read watermark `readSeq`. */
  delivered(userId: string, seq: number, readSeq: number): void {
    const entry = this.all().get(userId);
    if (!entry) return;
    entry.deliveredSeq = Math.max(entry.deliveredSeq, seq);
    entry.readSent = Math.max(entry.readSent, readSeq);
    this.dirty.add(userId);
  }

  /**
   * The member's read (and so received) watermark moved to `seq` in SQLite, by a statement
   * the caller ran: the copy follows without reading the members again.
   */
  read(userId: string, seq: number): void {
    const entry = this.entries?.get(userId);
    if (!entry) return;
    entry.readSeq = Math.max(entry.readSeq, seq);
    entry.receivedSeq = Math.max(entry.receivedSeq, seq);
  }

  /** The member's received watermark moved to `seq` in SQLite (see {@link read}). */
  received(userId: string, seq: number): void {
    const entry = this.entries?.get(userId);
    if (entry) entry.receivedSeq = Math.max(entry.receivedSeq, seq);
  }

  /** True while some progress is in memory only. */
  unflushed(): boolean {
    return this.dirty.size > 0;
  }

  /** Writes progress held in memory only to SQLite. Call inside a transaction. */
  flush(): void {
    if (!this.entries) return;
    for (const userId of this.dirty) {
      const entry = this.entries.get(userId);
      if (!entry) continue;
      this.sql.exec(
        `UPDATE members SET delivered_seq = MAX(delivered_seq, ?), read_sent = MAX(read_sent, ?)
         WHERE user_id = ?`,
        entry.deliveredSeq,
        entry.readSent,
        userId,
      );
    }
    this.dirty.clear();
  }

  /**
   * The members table is about to change in SQLite: progress goes there first (in the same
   * transaction), and the copy is read again on next use.
   */
  beforeWrite(): void {
    this.flush();
    this.entries = undefined;
  }

  /** Drops the copy and any unflushed progress (after a rolled-back transaction). */
  forget(): void {
    this.entries = undefined;
    this.dirty.clear();
  }

  private all(): Map<string, Entry> {
    if (!this.entries) {
      const entries = new Map<string, Entry>();
      for (const row of this.sql.exec("SELECT * FROM members").toArray()) {
        const member = toMember(row);
        entries.set(member.userId, { ...member, readSent: num(row, "read_sent") });
      }
      this.entries = entries;
    }
    return this.entries;
  }
}

function isEntry(entry: Entry | undefined): entry is Entry {
  return entry !== undefined;
}

function withoutReadSent({ readSent: _, ...member }: Entry): MemberRow {
  return member;
}
