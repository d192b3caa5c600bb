/**
 * Reports at the edges of their limits: REPORTS_MAX_PER_HOUR 2 per user, and
 * OPERATOR_MAX_PER_HOUR 3 requests per client IP to the operator's routes, right token or
 * wrong; and without a configured OPERATOR_TOKEN (or one too short) the routes are not there.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/worker";
import { call, errorCode, freshIp, signUp } from "../worker/helpers";

describe("reports", () => {
  it("take REPORTS_MAX_PER_HOUR a user an hour", async () => {
    const [me, other] = await Promise.all([signUp(), signUp()]);
    const make = () =>
      call("POST", "/api/reports", {
        token: me.accessToken,
        body: { kind: "user", userId: other.user.id, reason: "spam" },
      });
    expect((await make()).status).toBe(201);
    expect((await make()).status).toBe(201);
    const third = await make();
    expect([third.status, errorCode(third)]).toEqual([429, "rate_limited"]);
  });
});

describe("the operator's routes", () => {
  it("take OPERATOR_MAX_PER_HOUR requests from one IP, whatever the token", async () => {
    const ip = freshIp();
    const ask = (token: string) =>
      call("GET", "/api/operator/reports", { ip, headers: { "X-Operator-Token": token } });
    expect((await ask("wrong")).status).toBe(401);
    expect((await ask("wrong again")).status).toBe(401);
    expect((await ask(String(env.OPERATOR_TOKEN))).status).toBe(200);
    const fourth = await ask(String(env.OPERATOR_TOKEN));
    expect([fourth.status, errorCode(fourth)]).toEqual([429, "rate_limited"]);
  });

  it("are not there without an OPERATOR_TOKEN of at least 32 characters", async () => {
    for (const OPERATOR_TOKEN of [undefined, "x".repeat(31)]) {
      const response = await worker.fetch(
        new Request("http://localhost:8787/api/operator/reports", {
          headers: { "X-Operator-Token": "x".repeat(31), "CF-Connecting-IP": freshIp() },
        }),
        { ...env, OPERATOR_TOKEN },
        { waitUntil: () => undefined, passThroughOnException: () => undefined, props: {} },
      );
      expect(response.status, String(OPERATOR_TOKEN)).toBe(404);
    }
  });
});
