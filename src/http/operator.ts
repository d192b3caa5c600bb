/**
 * The operator's routes (`/api/operator/*`): guarded by the secret `OPERATOR_TOKEN`, sent as
 * `X-Operator-Token`, compared in constant time (an HMAC of each, checked by
 * `crypto.subtle.verify`). Without the secret configured (or one under 32 characters), the
 * routes answer 404 as if they were not there; a wrong or missing token is 401. Every request
 * counts against OPERATOR_MAX_PER_HOUR per client IP first, so the token cannot be guessed
 * at speed.
 */
import type { MiddlewareHandler } from "hono";
import { throttle } from "../auth/throttle";
import { HOUR_WINDOW_SECONDS } from "../settings";
import type { AppEnv } from "./context";
import { ApiError } from "./errors";
import { clientIp } from "./middleware";

const MIN_SECRET = 32;
const utf8 = (s: string) => new TextEncoder().encode(s);

async function sameSecret(given: string, secret: string): Promise<boolean> {
  const key = await crypto.subtle.importKey(
    "raw",
    crypto.getRandomValues(new Uint8Array(32)),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
  const expected = await crypto.subtle.sign("HMAC", key, utf8(secret));
  return crypto.subtle.verify("HMAC", key, expected, utf8(given));
}

export function requireOperator(): MiddlewareHandler<AppEnv> {
  return async function operatorMiddleware(c, next) {
    const secret = c.env.OPERATOR_TOKEN;
    if (typeof secret !== "string" || secret.length < MIN_SECRET) {
      throw new ApiError(404, "not_found", "no such route");
    }
    const max = c.var.settings.OPERATOR_MAX_PER_HOUR;
    await throttle(c.env.DB, `operator:${clientIp(c)}`, max, HOUR_WINDOW_SECONDS, Date.now());
    const given = c.req.header("X-Operator-Token") ?? "";
    if (!(await sameSecret(given, secret))) {
      throw new ApiError(401, "unauthorized", "the operator token is missing or wrong");
    }
    await next();
  };
}
