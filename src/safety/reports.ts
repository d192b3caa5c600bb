/** Reports in D1 (migrations/0014_reports.sql): made by users, listed and resolved by the operator. */
import * as v from "valibot";
import { type ChatMessage, REPORT_REASONS, REPORT_RESOLUTIONS, type Report } from "../protocol";
import { toMessage } from "../storage/message-row";

/** A report as made: what the operator will see, before it has an id or a resolution. */
export type NewReport = Omit<
  Report,
  "id" | "status" | "resolvedAt" | "resolution" | "resolutionNote"
>;

export async function insertReport(db: D1Database, report: NewReport): Promise<Report> {
  const id = crypto.randomUUID();
  await db
    .prepare(
      `INSERT INTO reports (id, reporter_id, kind, user_id, room_id, seq, message, reason, note,
         status, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)`,
    )
    .bind(
      id,
      report.reporterId,
      report.kind,
      report.userId,
      report.roomId,
      report.seq,
      report.message ? JSON.stringify(report.message) : null,
      report.reason,
      report.note,
      report.createdAt,
    )
    .run();
  return {
    id,
    ...report,
    status: "open",
    resolvedAt: null,
    resolution: null,
    resolutionNote: null,
  };
}

/** A row, each column checked: rows are input too (an older release may have written them). */
const ReportRow = v.object({
  id: v.string(),
  reporter_id: v.string(),
  kind: v.picklist(["message", "user"]),
  user_id: v.nullable(v.string()),
  room_id: v.nullable(v.string()),
  seq: v.nullable(v.number()),
  message: v.nullable(v.string()),
  reason: v.picklist(REPORT_REASONS),
  note: v.string(),
  status: v.picklist(["open", "resolved"]),
  created_at: v.number(),
  resolved_at: v.nullable(v.number()),
  resolution: v.nullable(v.picklist(REPORT_RESOLUTIONS)),
  resolution_note: v.nullable(v.string()),
});

function toReport(raw: unknown): Report {
  const row = v.parse(ReportRow, raw);
  const kept = row.message === null ? null : (JSON.parse(row.message) as Record<string, unknown>);
  return {
    id: row.id,
    reporterId: row.reporter_id,
    kind: row.kind,
    userId: row.user_id,
    roomId: row.room_id,
    seq: row.seq,
    message: kept && row.room_id ? messageOf(kept, row.room_id) : null,
    reason: row.reason,
    note: row.note,
    status: row.status,
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
    resolution: row.resolution,
    resolutionNote: row.resolution_note,
  };
}

/** The kept copy, checked as a message row is (its fields as the row mapping reads them). */
function messageOf(kept: Record<string, unknown>, roomId: string): ChatMessage {
  const copy = kept as Partial<ChatMessage>;
  return toMessage(
    {
      seq: copy.seq ?? null,
      kind: copy.kind ?? null,
      sender_id: copy.senderId ?? null,
      client_msg_id: copy.clientMsgId ?? null,
      body: copy.body ?? null,
      system: null,
      created_at: copy.createdAt ?? null,
      attachments: copy.attachments ? JSON.stringify(copy.attachments) : null,
      reply_to: copy.replyTo ?? null,
      target: null,
      emoji: null,
      reaction_on: null,
      edited_at: copy.editedAt ?? null,
      deleted_at: null,
      version: copy.version ?? 0,
      reactions: copy.reactions ? JSON.stringify(copy.reactions) : null,
    },
    roomId,
  );
}

/** A page of reports with `status`, newest first, after `cursor` (`<createdAt>.<id>`). */
export async function reportPage(
  db: D1Database,
  status: "open" | "resolved",
  limit: number,
  cursor: string | undefined,
): Promise<{ reports: Report[]; nextCursor: string | null }> {
  const [at, id] = cursor ? cursor.split(".") : [];
  const { results } = await db
    .prepare(
      `SELECT * FROM reports WHERE status = ?1
         AND (?2 IS NULL OR (created_at, id) < (?2, ?3))
       ORDER BY created_at DESC, id DESC LIMIT ?4`,
    )
    .bind(status, at === undefined ? null : Number(at), id ?? null, limit + 1)
    .all();
  const reports = results.slice(0, limit).map(toReport);
  const last = reports.at(-1);
  const more = results.length > limit && last;
  return { reports, nextCursor: more ? `${last.createdAt}.${last.id}` : null };
}

/** Resolves an open report; null when there is no such report, or it was resolved already. */
export async function resolveReport(
  db: D1Database,
  id: string,
  resolution: (typeof REPORT_RESOLUTIONS)[number],
  note: string,
  now: number,
): Promise<Report | null> {
  const row = await db
    .prepare(
      `UPDATE reports SET status = 'resolved', resolved_at = ?, resolution = ?,
         resolution_note = ?
       WHERE id = ? AND status = 'open' RETURNING *`,
    )
    .bind(now, resolution, note, id)
    .first();
  return row ? toReport(row) : null;
}
