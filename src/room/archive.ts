/**
 * Copying a room's committed messages to the D1 archive, from the room's alarm, never on
 * the send path. Each chunk is one D1 batch of `INSERT ... ON CONFLICT (room_id, seq) DO
 * UPDATE ... WHERE` the version is newer (a repeat changes nothing; a later edit, with a
 * higher version, will replace the row), and progress (`archived_seq`) is recorded only after
 * D1 has answered: a run that fails anywhere is simply run again. The membership that decides
 * who may search goes before each chunk, whenever it changed. Then this copy is trimmed to
 * the retention window. A room trimmed before it kept its trimmed system messages fetches
 * their seqs back from D1 here, a page per run (see counts.ts).
 */

import { purge } from "../media/store";
import type { ChatMessage } from "../protocol";
import { foldedFor } from "../search/fold";
import type { Settings } from "../settings";
import {
  MESSAGE_COLUMNS,
  messageColumns,
  messageValues,
  numberedPlaceholders,
} from "../storage/message-row";
import type { ArchiveMember } from "./retention";
import type { RoomStore } from "./store";

export interface ArchiveDeps {
  store: RoomStore;
  db: D1Database;
  settings: Settings;
  now(): number;
  /** Runs writes atomically (the object's `transactionSync`). */
  transaction<T>(fn: () => T): T;
}

export interface ArchiveRun {
  archived: number;
  trimmedTo: number;
  /**
   * True when work remains: messages to archive (the run stopped at ARCHIVE_BATCH_MAX), or
   * trimmed system messages to fetch back.
   */
  more: boolean;
}

export async function archiveRoom(deps: ArchiveDeps): Promise<ArchiveRun> {
  const { store, db, settings } = deps;
  const room = store.room();
  if (!room) return { archived: 0, trimmedTo: 0, more: false };
  const retention = store.retention;
  let archived = 0;
  while (archived < settings.ARCHIVE_BATCH_MAX) {
    // Membership first, read in the same turn as the chunk: a member who left while D1 was
    // answering the previous batch is limited in D1 before any later message gets there.
    const state = retention.state();
    const members = state.membersVersion > state.membersArchived ? retention.members() : null;
    const size = Math.min(settings.ARCHIVE_CHUNK, settings.ARCHIVE_BATCH_MAX - archived);
    const chunk = retention.unarchived(room.id, size);
    if (members) {
      await db.batch(members.map((m) => memberStatement(db, room.id, m)));
      retention.markMembersArchived(state.membersVersion);
    }
    const last = chunk.at(-1);
    if (!last) break;
    await db.batch(chunk.map((m) => messageStatement(db, m)));
    retention.markArchived(last.seq);
    archived += chunk.length;
  }
  archived += await archiveChanges(deps, room.id, settings.ARCHIVE_BATCH_MAX - archived);
  const purging = store.states.filesToPurge(settings.ARCHIVE_BATCH_MAX);
  if (purging.length > 0) {
    await purge(db, room.id, purging);
    store.states.purged(purging);
  }
  const system = await learnTrimmedSystem(deps, room.id);
  const now = deps.now();
  const trimmedTo = deps.transaction(() => {
    // Trimming keeps what a member's session still lacks: it reads their progress there.
    store.flushProgress();
    retention.forgetSentBefore(now - settings.DEDUPE_WINDOW_SECONDS * 1000);
    return retention.trim(
      settings.RETENTION_MESSAGES,
      now - settings.RETENTION_AGE_SECONDS * 1000,
      store.states.lowestPending(),
      (trimTo) => store.trimming(trimTo),
    );
  });
  const after = retention.state();
  const changesLeft =
    store.states.toRearchive(room.id, after.archivedSeq, 1).length > 0 ||
    store.states.filesToPurge(1).length > 0;
  const more =
    after.archivedSeq < (store.room()?.lastSeq ?? 0) || system.unknownTo > 0 || changesLeft;
  return { archived, trimmedTo, more };
}

/**
 * Rows D1 has an older copy of, whose state changed since (an edit, a delete, a reaction, or
 * the text of an edit whose message was deleted): copied again as they are now, at most
 * `max`. The upsert takes a copy only when its version is newer, so a late run never undoes a
 * later change. Returns how many were copied.
 */
async function archiveChanges(deps: ArchiveDeps, roomId: string, max: number): Promise<number> {
  const { store, db, settings } = deps;
  let copied = 0;
  while (copied < max) {
    const { archivedSeq } = store.retention.state();
    const size = Math.min(settings.ARCHIVE_CHUNK, max - copied);
    const changed = store.states.toRearchive(roomId, archivedSeq, size);
    if (changed.length === 0) break;
    await db.batch(changed.map((m) => messageStatement(db, m)));
    store.states.rearchived(changed);
    copied += changed.length;
  }
  return copied;
}

/**
 * For a room trimmed before it kept the seqs of its trimmed system messages: fetches the
 * newest ARCHIVE_BATCH_MAX of those it lacks from D1, which holds every trimmed message, and
 * records them. Idempotent. `fetched` is true whenever some were missing, even when the page
 * held none: recording a page always lowers `system_unknown_to` (to 0 once a page comes back
 * short), and unread counts below it with it. `unknownTo` is where it is left, 0 when nothing
 * is missing any more.
 */
async function learnTrimmedSystem(
  deps: ArchiveDeps,
  roomId: string,
): Promise<{ fetched: boolean; unknownTo: number }> {
  const unknownTo = deps.store.counts.systemUnknownTo();
  if (unknownTo <= 0) return { fetched: false, unknownTo: 0 };
  const limit = deps.settings.ARCHIVE_BATCH_MAX;
  const { results } = await deps.db
    .prepare(
      `SELECT seq FROM archive_messages WHERE room_id = ? AND seq <= ? AND kind = 'system'
       ORDER BY seq DESC LIMIT ?`,
    )
    .bind(roomId, unknownTo, limit)
    .all<{ seq: number }>();
  const seqs = results.map((row) => row.seq);
  // A full page may have more below it; a short one reached back to seq 1.
  const from = seqs.length < limit ? 0 : (seqs.at(-1) ?? 0);
  const left = deps.transaction(() => deps.store.counts.learnSystem(seqs, from));
  return { fetched: true, unknownTo: left };
}

/**
 * Archive keys are created_at * ARCHIVE_KEY_SLOT plus the row's place among those of the same
 * millisecond, so key order is time order (migrations/0003_archive_search.sql). Keys pass
 * 2^53: SQL computes them (from created_at cast to an integer: D1 binds numbers as REAL),
 * and code reads them as text.
 */
const ARCHIVE_KEY_SLOT = 1_048_576;

/** The parameter number of `created_at` in {@link messageStatement}: after room_id and folded. */
const CREATED_AT_PARAM = 3 + MESSAGE_COLUMNS.indexOf("created_at");

function messageStatement(db: D1Database, m: ChatMessage): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO archive_messages (id, room_id, folded, ${messageColumns()})
       VALUES (
         (SELECT COALESCE(
            (SELECT MAX(id) + 1 FROM archive_messages
             WHERE id >= ms.first AND id < ms.first + ${ARCHIVE_KEY_SLOT}),
            ms.first)
          FROM (SELECT CAST(?${CREATED_AT_PARAM} AS INTEGER) * ${ARCHIVE_KEY_SLOT} AS first) AS ms),
         ?1, ?2, ${numberedPlaceholders(3)})
       ON CONFLICT (room_id, seq) DO UPDATE SET body = excluded.body,
         attachments = excluded.attachments, reactions = excluded.reactions,
         folded = excluded.folded, edited_at = excluded.edited_at,
         deleted_at = excluded.deleted_at, version = excluded.version
       WHERE excluded.version > archive_messages.version`,
    )
    .bind(m.roomId, foldedFor(m), ...messageValues(m));
}

function memberStatement(db: D1Database, roomId: string, m: ArchiveMember): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO archive_members (room_id, user_id, visible_to) VALUES (?, ?, ?)
       ON CONFLICT (user_id, room_id) DO UPDATE SET visible_to = excluded.visible_to`,
    )
    .bind(roomId, m.userId, m.visibleTo);
}
