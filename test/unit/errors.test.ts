import { describe, expect, it } from "vitest";
import { AuthError } from "../../src/auth/errors";
import { ApiError } from "../../src/http/errors";
import { refusal, sendAnswer } from "../../src/protocol";

describe("errors auth raises, over HTTP", () => {
  it("get their code's status from the one table", () => {
    expect(ApiError.of(new AuthError("username_taken", "taken"))).toMatchObject({
      status: 409,
      code: "username_taken",
      message: "taken",
      headers: {},
    });
    expect(ApiError.of(new AuthError("invalid_credentials", "no"))?.status).toBe(401);
  });

  it("carry a wait as Retry-After in whole seconds", () => {
    const answer = ApiError.of(new AuthError("rate_limited", "slow down", 3_000));
    expect(answer).toMatchObject({ status: 429, headers: { "Retry-After": "3" } });
  });

  it("leave anything else to the log", () => {
    expect(ApiError.of(new Error("boom"))).toBeNull();
    const api = new ApiError(404, "not_found", "gone");
    expect(ApiError.of(api)).toBe(api);
  });
});

describe("answers on a socket", () => {
  it("close the socket after refusing a frame too large, and only then", () => {
    const tooBig = refusal({
      ok: false,
      error: { code: "payload_too_large", message: "big" },
      ref: "r1",
    });
    expect(tooBig).toEqual({
      type: "reply",
      frames: [{ type: "error", code: "payload_too_large", message: "big", ref: "r1" }],
      close: { code: 1009, reason: "frame too large" },
    });
    const bad = refusal({ ok: false, error: { code: "invalid_json", message: "?" } });
    expect(bad).toEqual({
      type: "reply",
      frames: [{ type: "error", code: "invalid_json", message: "?" }],
    });
  });

  it("answer a send with its ack or its error, with the frame's ref", () => {
    const value = { roomId: "g:1", clientMsgId: "c", seq: 4, createdAt: 9, duplicate: false };
    expect(sendAnswer("r", { ok: true, value })).toEqual({ type: "ack", ref: "r", ...value });
    const error = sendAnswer(undefined, { ok: false, error: { code: "forbidden", message: "x" } });
    expect(error).toEqual({ type: "error", code: "forbidden", message: "x" });
  });
});
