/**
 * The room's members as SQLite has them, with delivery progress not written yet applied
 * (see progress.ts). Reads go to SQLite each time: it is local and synchronous here, and
 * the copy in memory this replaced had no measured gain outside the bench's noise (see
 * "The ledger of caches" in docs/decisions/0004-paced-fanout.md).
 */
import { num, type Row, str } from "../storage/rows";
import type { DeliveryProgress } from "./progress";
import { type Lag, type MemberRow, toMember } from "./schema";

export class Roster {
  constructor(
    private readonly sql: SqlStorage,
    private readonly progress: DeliveryProgress,
  ) {}

  get(userId: string): MemberRow | null {
    const row = this.sql.exec("SELECT * FROM members WHERE user_id = ?", userId).toArray()[0];
    return row ? this.member(row) : null;
  }

  /** Current members, in the order they joined. */
  active(): MemberRow[] {
    return this.sql
      .exec("SELECT * FROM members WHERE left_seq IS NULL ORDER BY joined_seq, user_id")
      .toArray()
      .map((row) => this.member(row));
  }

  /** See RoomStore.lagging. */
  lagging(lastSeq: number, userId?: string): Lag[] {
    const rows =
      userId === undefined
        ? this.sql.exec("SELECT * FROM members")
        : this.sql.exec("SELECT * FROM members WHERE user_id = ?", userId);
    const lags: Lag[] = [];
    for (const row of rows) {
      const m = this.entry(row);
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

  private member(row: Row): MemberRow {
    const { readSent: _, ...member } = this.entry(row);
    return member;
  }

  /** A member row with the read watermark their session has, and progress not yet written. */
  private entry(row: Row): MemberRow & { readSent: number } {
    const stored = { ...toMember(row), readSent: num(row, "read_sent") };
    return this.progress.of(str(row, "user_id"), stored);
  }
}
