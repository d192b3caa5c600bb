/**
 * The state of messages that events changed (docs/decisions/0008-changing-messages.md), in
 * the room's SQLite: a changed message's own row carries it (text, files, when edited or
 * deleted, reactions, `version`), as the archive's row does, so every read of a row (a
 * history page, a fanout, the archive's copy) gives the message as it is now. Rows the
 * archive copied before they changed are listed in `rearchive` to be copied again, and the
 * files of deleted messages in `purge_media` to be let go of. Call the writes inside a
 * transaction with the event that makes them.
 */
import type { ChatMessage } from "../protocol";
import { toMessage } from "../storage/message-row";
import { num, str } from "../storage/rows";
import type { RecentMessages } from "./recent";

export class MessageStates {
  constructor(
    private readonly sql: SqlStorage,
    private readonly recent: RecentMessages,
  ) {}

  /** The message at `seq` as this copy holds it; null when trimmed or never stored. */
  held(roomId: string, seq: number): ChatMessage | null {
    const cached = this.recent.get(seq);
    if (cached) return cached;
    const row = this.sql.exec("SELECT * FROM messages WHERE seq = ?", seq).toArray()[0];
    return row ? toMessage(row, roomId) : null;
  }

  /** Writes the state of `message`, which an event just changed. */
  write(message: ChatMessage): void {
    this.sql.exec(
      `UPDATE messages SET body = ?, attachments = ?, edited_at = ?, deleted_at = ?,
         version = ?, reactions = ?
       WHERE seq = ?`,
      message.body,
      message.attachments ? JSON.stringify(message.attachments) : null,
      message.editedAt ?? null,
      message.deletedAt ?? null,
      message.version ?? 0,
      message.reactions && message.reactions.length > 0 ? JSON.stringify(message.reactions) : null,
      message.seq,
    );
    this.toArchive(message.seq, message.version ?? 0);
    this.recent.replace(message);
  }

  /**
   * A message deleted for everyone: the text its edits carried goes too (their rows keep
   * only what they were), and its files are listed to be let go of.
   */
  redact(target: number, version: number, fileIds: readonly string[]): void {
    const edits = this.sql
      .exec(
        `UPDATE messages SET body = '', version = ? WHERE target = ? AND kind = 'edit'
         RETURNING seq`,
        version,
        target,
      )
      .toArray();
    for (const row of edits) this.toArchive(num(row, "seq"), version);
    // Those rows are read from SQLite again when next needed.
    if (edits.length > 0) this.recent.clear();
    for (const id of fileIds) {
      this.sql.exec("INSERT OR IGNORE INTO purge_media (id) VALUES (?)", id);
    }
  }

  private toArchive(seq: number, version: number): void {
    this.sql.exec(
      `INSERT INTO rearchive (seq, version) VALUES (?, ?)
       ON CONFLICT (seq) DO UPDATE SET version = MAX(version, excluded.version)`,
      seq,
      version,
    );
  }

  /**
   * Changed rows the archive already has an older copy of (at or below `archivedSeq`), at
   * most `limit`, oldest first, as they are now. Rows above it go with the archive's next
   * chunk, state and all.
   */
  toRearchive(roomId: string, archivedSeq: number, limit: number): ChatMessage[] {
    return this.sql
      .exec(
        `SELECT m.* FROM rearchive AS r JOIN messages AS m ON m.seq = r.seq
         WHERE r.seq <= ? ORDER BY r.seq LIMIT ?`,
        archivedSeq,
        limit,
      )
      .toArray()
      .map((row) => toMessage(row, roomId));
  }

  /** The archive has these rows as they were read: done with, unless changed since. */
  rearchived(messages: readonly ChatMessage[]): void {
    for (const m of messages) {
      this.sql.exec("DELETE FROM rearchive WHERE seq = ? AND version <= ?", m.seq, m.version ?? 0);
    }
  }

  /** The lowest seq waiting to be archived again (trimming stops below it), or null. */
  lowestPending(): number | null {
    const row = this.sql.exec("SELECT MIN(seq) AS seq FROM rearchive").toArray()[0];
    return typeof row?.seq === "number" ? row.seq : null;
  }

  /** Files of deleted messages still to let go of, at most `limit`. */
  filesToPurge(limit: number): string[] {
    return this.sql
      .exec("SELECT id FROM purge_media LIMIT ?", limit)
      .toArray()
      .map((row) => str(row, "id"));
  }

  purged(ids: readonly string[]): void {
    for (const id of ids) this.sql.exec("DELETE FROM purge_media WHERE id = ?", id);
  }
}
