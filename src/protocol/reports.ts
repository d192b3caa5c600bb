/**
 * Reports (issue 22): what a user sends to report a message or a user, and what the
 * operator's routes list and take.
 */
import * as v from "valibot";
import { charLength, LIMITS, wholeParam } from "./common";
import { type ChatMessage, RoomId, Seq } from "./model";

export const REPORT_REASONS = ["spam", "scam", "harassment", "inappropriate", "other"] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

const Reason = v.picklist(REPORT_REASONS, `reason must be one of ${REPORT_REASONS.join(", ")}`);
const Note = v.optional(
  v.pipe(
    v.string("note must be a string"),
    v.check(
      (s) => charLength(s) <= LIMITS.reportNoteMax,
      `note must be at most ${LIMITS.reportNoteMax} characters`,
    ),
  ),
  "",
);

/** `POST /api/reports`: a message of a room the caller is in, or a user. */
export const ReportBody = v.variant("kind", [
  v.strictObject({
    kind: v.literal("message"),
    roomId: RoomId,
    seq: Seq,
    reason: Reason,
    note: Note,
  }),
  v.strictObject({
    kind: v.literal("user"),
    userId: v.pipe(v.string("userId must be a string"), v.minLength(1), v.maxLength(64)),
    reason: Reason,
    note: Note,
  }),
]);
export type ReportBody = v.InferOutput<typeof ReportBody>;

export const REPORT_RESOLUTIONS = ["dismissed", "actioned"] as const;

/** `POST /api/operator/reports/:id/resolve`. */
export const ResolveReportBody = v.strictObject({
  resolution: v.picklist(REPORT_RESOLUTIONS, "resolution must be dismissed or actioned"),
  note: Note,
});

/** `GET /api/operator/reports?status=&limit=&cursor=`. */
export const ReportsQuery = v.strictObject({
  status: v.optional(v.picklist(["open", "resolved"], "status must be open or resolved"), "open"),
  limit: wholeParam("limit", 3),
  cursor: v.optional(
    v.pipe(
      v.string("cursor must be a string"),
      v.regex(/^\d{1,15}\.[0-9a-f-]{36}$/, "cursor is not one this server gave"),
    ),
  ),
});

/** A report as the operator sees it. */
export interface Report {
  id: string;
  reporterId: string;
  kind: "message" | "user";
  /** Who is reported: the user, or the message's sender (null for an object's post). */
  userId: string | null;
  roomId: string | null;
  seq: number | null;
  /** The message as it was when reported; null for a report of a user. */
  message: ChatMessage | null;
  reason: ReportReason;
  note: string;
  status: "open" | "resolved";
  createdAt: number;
  resolvedAt: number | null;
  resolution: (typeof REPORT_RESOLUTIONS)[number] | null;
  resolutionNote: string | null;
}

export interface ReportPage {
  reports: Report[];
  /** Pass as `cursor` for the next (older) page; null on the last. */
  nextCursor: string | null;
}
