/**
 * Reports (issue 22): a member reports a message (kept as it was, whatever happens to it
 * after) or a user; the operator, with the operator's token, lists reports by status, page
 * by page, and resolves each once. Refusals have their codes.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Report, ReportPage } from "../../src/protocol";
import { type CallResult, call, errorCode, groupOfThree, postMessage, signUp } from "./helpers";

const OPERATOR = { "X-Operator-Token": String(env.OPERATOR_TOKEN) };
const status = (r: CallResult<unknown>) => [r.status, errorCode(r)];

function report(token: string, body: Record<string, unknown>) {
  return call<{ id: string; status: string }>("POST", "/api/reports", { token, body });
}

const operator = <T>(method: string, path: string, body?: unknown) =>
  call<T>(method, `/api/operator${path}`, { headers: OPERATOR, ...(body ? { body } : {}) });

describe("a report", () => {
  it("keeps the message as it was, and the operator lists and resolves it once", async () => {
    const { alice, bob, room } = await groupOfThree();
    const seq = (await postMessage(alice.accessToken, room.id, "send me your card number")).body
      .seq;
    const made = await report(bob.accessToken, {
      kind: "message",
      roomId: room.id,
      seq,
      reason: "scam",
      note: "asked for my card",
    });
    expect(made.status).toBe(201);
    expect(made.body.status).toBe("open");
    // Deleted after: the report keeps the evidence.
    const del = await call("DELETE", `/api/rooms/${room.id}/messages/${seq}`, {
      token: alice.accessToken,
      body: { clientMsgId: "d" },
    });
    expect(del.status).toBe(201);
    const open = await operator<ReportPage>("GET", "/reports");
    const listed = open.body.reports.find((r) => r.id === made.body.id);
    expect(listed).toMatchObject({
      reporterId: bob.user.id,
      kind: "message",
      userId: alice.user.id,
      roomId: room.id,
      seq,
      reason: "scam",
      note: "asked for my card",
      status: "open",
      message: { seq, body: "send me your card number", senderId: alice.user.id },
    });
    const resolved = await operator<Report>("POST", `/reports/${made.body.id}/resolve`, {
      resolution: "actioned",
      note: "account warned",
    });
    expect(resolved.body).toMatchObject({
      status: "resolved",
      resolution: "actioned",
      resolutionNote: "account warned",
      resolvedAt: expect.any(Number),
    });
    const again = await operator("POST", `/reports/${made.body.id}/resolve`, {
      resolution: "dismissed",
    });
    expect(status(again)).toEqual([404, "not_found"]);
    const after = await operator<ReportPage>("GET", "/reports");
    expect(after.body.reports.some((r) => r.id === made.body.id)).toBe(false);
    const done = await operator<ReportPage>("GET", "/reports?status=resolved");
    expect(done.body.reports.some((r) => r.id === made.body.id)).toBe(true);
  });

  it("of a user is kept for the operator, page by page", async () => {
    const [me, x, y] = await Promise.all([signUp(), signUp(), signUp()]);
    for (const target of [x, y]) {
      const made = await report(me.accessToken, {
        kind: "user",
        userId: target.user.id,
        reason: "spam",
      });
      expect(made.status).toBe(201);
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const first = await operator<ReportPage>("GET", "/reports?limit=1");
    expect(first.body.reports).toHaveLength(1);
    expect(first.body.reports[0]).toMatchObject({ kind: "user", userId: y.user.id, message: null });
    const cursor = first.body.nextCursor ?? "";
    const second = await operator<ReportPage>("GET", `/reports?limit=1&cursor=${cursor}`);
    expect(second.body.reports[0]).toMatchObject({ kind: "user", userId: x.user.id });
  });

  it("is refused for one's own words, a system message, a stranger's room, or a bad reason", async () => {
    const { alice, bob, room } = await groupOfThree();
    const outsider = await signUp();
    const seq = (await postMessage(alice.accessToken, room.id, "hello")).body.seq;
    const about = (token: string, fields: Record<string, unknown>) =>
      report(token, { kind: "message", roomId: room.id, seq, reason: "spam", ...fields });
    expect(status(await about(alice.accessToken, {}))).toEqual([400, "invalid_target"]);
    expect(status(await about(bob.accessToken, { seq: 1 }))).toEqual([400, "invalid_target"]);
    expect(status(await about(bob.accessToken, { seq: seq + 9 }))).toEqual([400, "invalid_target"]);
    expect(status(await about(outsider.accessToken, {}))).toEqual([404, "not_found"]);
    expect(status(await about(bob.accessToken, { reason: "boring" }))).toEqual([
      400,
      "validation_failed",
    ]);
    expect(status(await about(bob.accessToken, { note: "x".repeat(1001) }))).toEqual([
      400,
      "validation_failed",
    ]);
    expect((await about(bob.accessToken, { note: "x".repeat(1000) })).status).toBe(201);
    const self = await report(bob.accessToken, {
      kind: "user",
      userId: bob.user.id,
      reason: "spam",
    });
    expect(status(self)).toEqual([400, "bad_request"]);
    const nobody = await report(bob.accessToken, {
      kind: "user",
      userId: "nobody",
      reason: "spam",
    });
    expect(status(nobody)).toEqual([404, "not_found"]);
  });
});

describe("the operator's routes", () => {
  it("need the operator's token", async () => {
    const none = await call("GET", "/api/operator/reports");
    expect(status(none)).toEqual([401, "unauthorized"]);
    const wrong = await call("GET", "/api/operator/reports", {
      headers: { "X-Operator-Token": `${String(env.OPERATOR_TOKEN)}x` },
    });
    expect(status(wrong)).toEqual([401, "unauthorized"]);
    // A user's bearer token is not the operator's.
    const user = await signUp();
    const bearer = await call("GET", "/api/operator/reports", { token: user.accessToken });
    expect(status(bearer)).toEqual([401, "unauthorized"]);
    expect((await operator("GET", "/reports")).status).toBe(200);
  });
});
