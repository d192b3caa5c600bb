/**
 * A room's copy of its history against the D1 archive: what D1 already has (messages up to
 * `archived_seq`, the membership as of `members_archived`) and trimming this copy to the
 * retention window once D1 holds what is trimmed.
 */
import type { ChatMessage } from "../protocol";
import { toMessage } from "../storage/message-row";
import { num, optNum, str } from "../storage/rows";

export interface ArchiveMember {
  userId: string;
  /** Null for a current member; the seq of their leaving otherwise. */
  visibleTo: number | null;
}

export class Retention {
  constructor(private readonly sql: SqlStorage) {}

  state(): {
    archivedSeq: number;
    trimmedTo: number;
    membersVersion: number;
    membersArchived: number;
  } {
    const row = this.sql.exec("SELECT * FROM room").toArray()[0];
    if (!row) return { archivedSeq: 0, trimmedTo: 0, membersVersion: 0, membersArchived: 0 };
    return {
      archivedSeq: num(row, "archived_seq"),
      trimmedTo: num(row, "trimmed_to"),
      membersVersion: num(row, "members_version"),
      membersArchived: num(row, "members_archived"),
    };
  }

  /** Messages D1 does not have yet, oldest first. */
  unarchived(roomId: string, limit: number): ChatMessage[] {
    return this.sql
      .exec(
        "SELECT * FROM messages WHERE seq > (SELECT archived_seq FROM room) ORDER BY seq LIMIT ?",
        limit,
      )
      .toArray()
      .map((row) => toMessage(row, roomId));
  }

  markArchived(seq: number): void {
    this.sql.exec("UPDATE room SET archived_seq = MAX(archived_seq, ?)", seq);
  }

  /** Everyone who is or was a member, for the archive's search permissions. */
  members(): ArchiveMember[] {
    return this.sql
      .exec("SELECT user_id, left_seq FROM members ORDER BY user_id")
      .toArray()
      .map((row) => ({ userId: str(row, "user_id"), visibleTo: optNum(row, "left_seq") }));
  }

  markMembersArchived(version: number): void {
    this.sql.exec("UPDATE room SET members_archived = MAX(members_archived, ?)", version);
  }

  /**
   * Deletes this copy's oldest messages down to the retention window: only what D1 holds,
   * only what every member's session already has, never the newest `keepMessages`, and
   * never anything younger than `notBefore`, never `pendingFrom` or later (a changed row the
   * archive must copy again). Returns the new trim point. Call inside a transaction.
   * (Idempotency keys live on in `sent_ids`, see forgetSentBefore.)
   */
  trim(
    keepMessages: number,
    notBefore: number,
    pendingFrom: number | null,
    rebase: (trimTo: number) => void,
  ): number {
    const room = this.sql.exec("SELECT last_seq, archived_seq, trimmed_to FROM room").one();
    const lastSeq = num(room, "last_seq");
    const trimmedTo = num(room, "trimmed_to");
    const needed = this.sql
      .exec(
        `SELECT MIN(delivered_seq) AS needed FROM members, room
         WHERE delivered_seq < COALESCE(left_seq, last_seq)`,
      )
      .one();
    const limit = Math.min(
      num(room, "archived_seq"),
      lastSeq - keepMessages,
      typeof needed.needed === "number" ? needed.needed : lastSeq,
      pendingFrom === null ? lastSeq : pendingFrom - 1,
    );
    if (limit <= trimmedTo) return trimmedTo;
    // Times rise with seq: walk up from the trim point to the first message young enough to
    // keep, so the cost is the rows being trimmed, not the whole window.
    const young = this.sql
      .exec(
        `SELECT seq FROM messages WHERE seq > ? AND seq <= ? AND created_at >= ?
         ORDER BY seq LIMIT 1`,
        trimmedTo,
        limit,
        notBefore,
      )
      .toArray()[0];
    const trimTo = young ? num(young, "seq") - 1 : limit;
    if (trimTo <= trimmedTo) return trimmedTo;
    rebase(trimTo);
    this.sql.exec("DELETE FROM messages WHERE seq <= ?", trimTo);
    this.sql.exec("UPDATE room SET trimmed_to = ?", trimTo);
    return trimTo;
  }

  /** Forgets idempotency keys of sends made before `notBefore`. */
  forgetSentBefore(notBefore: number): void {
    this.sql.exec("DELETE FROM sent_ids WHERE created_at < ?", notBefore);
  }
}
