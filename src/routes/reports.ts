/**
 * Reports (issue 22). `POST /api/reports`: a user reports a message of a room they are in,
 * or a user; a message is copied as it is now (through the room's history, so a member
 * only), so a later delete keeps the evidence. The operator's routes list and resolve them.
 */
import { type Context, Hono } from "hono";
import { existingUserIds } from "../auth/users";
import { roomStub } from "../durable/stubs";
import type { AppEnv } from "../http/context";
import { ApiError, unwrap } from "../http/errors";
import { hourly } from "../http/hourly";
import { limit, readJson, requireAuth } from "../http/middleware";
import { requireOperator } from "../http/operator";
import { pageLimit, query } from "../http/query";
import {
  type ChatMessage,
  MESSAGE_KIND_RULES,
  ReportBody,
  ReportsQuery,
  ResolveReportBody,
} from "../protocol";
import { insertReport, reportPage, resolveReport } from "../safety/reports";

/** The message at `seq` of a room the caller is in, as it is now; refused if not reportable. */
async function reported(c: Context<AppEnv>, roomId: string, seq: number): Promise<ChatMessage> {
  const me = c.var.identity.userId;
  const page = unwrap(await roomStub(c.env, roomId).history(me, { after: seq - 1, limit: 1 }));
  const message = page.messages[0];
  if (!message || message.seq !== seq || !MESSAGE_KIND_RULES[message.kind].quotable) {
    throw new ApiError(400, "invalid_target", `message ${seq} of this room cannot be reported`);
  }
  if (message.senderId === me) {
    throw new ApiError(400, "invalid_target", "you cannot report your own message");
  }
  if (message.deletedAt !== undefined) {
    throw new ApiError(409, "target_deleted", `message ${seq} was deleted`);
  }
  return message;
}

export const reportRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .post("/", limit("change"), async (c) => {
    const body = await readJson(c, ReportBody);
    const me = c.var.identity.userId;
    const base = { reporterId: me, reason: body.reason, note: body.note, createdAt: Date.now() };
    let report: Parameters<typeof insertReport>[1];
    if (body.kind === "message") {
      const message = await reported(c, body.roomId, body.seq);
      report = {
        ...base,
        kind: "message",
        userId: message.senderId,
        roomId: body.roomId,
        seq: body.seq,
        message,
      };
    } else {
      if (body.userId === me) throw new ApiError(400, "bad_request", "you cannot report yourself");
      if (!(await existingUserIds(c.env.DB, [body.userId])).has(body.userId)) {
        throw new ApiError(404, "not_found", "no such user");
      }
      report = {
        ...base,
        kind: "user",
        userId: body.userId,
        roomId: null,
        seq: null,
        message: null,
      };
    }
    await hourly(c, "reports", c.var.settings.REPORTS_MAX_PER_HOUR, "reports");
    const stored = await insertReport(c.env.DB, report);
    return c.json({ id: stored.id, status: stored.status }, 201);
  });

export const operatorRoutes = new Hono<AppEnv>()
  .use(requireOperator())
  .get("/reports", query(ReportsQuery), async (c) => {
    const { status, limit, cursor } = c.req.valid("query");
    const { REPORTS_PAGE_DEFAULT, REPORTS_PAGE_MAX } = c.var.settings;
    const size = pageLimit(limit, REPORTS_PAGE_MAX, REPORTS_PAGE_DEFAULT);
    return c.json(await reportPage(c.env.DB, status, size, cursor));
  })
  .post("/reports/:id/resolve", async (c) => {
    const body = await readJson(c, ResolveReportBody);
    const id = c.req.param("id");
    const report = await resolveReport(c.env.DB, id, body.resolution, body.note, Date.now());
    if (!report) throw new ApiError(404, "not_found", "no such open report");
    return c.json(report);
  });
