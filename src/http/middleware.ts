import type { Context, MiddlewareHandler } from "hono";
import type * as v from "valibot";
import { type TokenKeys, verifyAccessToken } from "../auth/tokens";
import { parseBody } from "../protocol";
import { settingsFor } from "../settings";
import type { AppEnv } from "./context";
import { ApiError } from "./errors";

/** Parses settings once per environment and exposes them as `c.var.settings`. */
export function withSettings(): MiddlewareHandler<AppEnv> {
  return async function withSettingsMiddleware(c, next) {
    c.set("settings", settingsFor(c.env));
    await next();
  };
}

export function tokenKeys(c: Context<AppEnv>): TokenKeys {
  const { JWT_ISSUER, JWT_AUDIENCE } = c.var.settings;
  return { secret: c.env.JWT_SECRET, issuer: JWT_ISSUER, audience: JWT_AUDIENCE };
}

/** Requires `Authorization: Bearer <access token>` and sets `c.var.identity` from it. */
export function requireAuth(): MiddlewareHandler<AppEnv> {
  return async function requireAuthMiddleware(c, next) {
    const header = c.req.header("Authorization") ?? "";
    const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header);
    if (!match?.[1]) {
      throw new ApiError(401, "unauthorized", "a bearer access token is required", {
        "WWW-Authenticate": 'Bearer realm="edge-chat"',
      });
    }
    const result = await verifyAccessToken(tokenKeys(c), match[1], Math.floor(Date.now() / 1000));
    if (!result.ok) {
      throw new ApiError(401, result.code, result.reason, {
        "WWW-Authenticate": `Bearer realm="edge-chat", error="invalid_token"`,
      });
    }
    c.set("identity", result.identity);
    await next();
  };
}

/** The client's IP as Cloudflare reports it; one shared bucket when absent (local tools). */
export function clientIp(c: Context<AppEnv>): string {
  return c.req.header("CF-Connecting-IP") ?? "unknown";
}

/**
 * Reads a JSON body no larger than MAX_REQUEST_BYTES and validates it with `schema`.
 * Errors: 413 payload_too_large, 400 invalid_json, 400 validation_failed.
 */
export async function readJson<S extends v.GenericSchema>(
  c: Context<AppEnv>,
  schema: S,
): Promise<v.InferOutput<S>> {
  const limit = c.var.settings.MAX_REQUEST_BYTES;
  const tooLarge = () =>
    new ApiError(413, "payload_too_large", `request body exceeds ${limit} bytes`);
  const declared = Number(c.req.header("Content-Length") ?? "0");
  if (declared > limit) throw tooLarge();
  const type = c.req.header("Content-Type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new ApiError(400, "bad_request", "Content-Type must be application/json");
  }
  const bytes = await c.req.arrayBuffer();
  if (bytes.byteLength > limit) throw tooLarge();
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch {
    throw new ApiError(400, "invalid_json", "request body is not valid JSON");
  }
  const parsed = parseBody(schema, json);
  if (!parsed.ok) throw ApiError.from(parsed.error);
  return parsed.value;
}
