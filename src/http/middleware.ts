import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type * as v from "valibot";
import { type TokenKeys, verifyAccessToken } from "../auth/tokens";
import { sessionStub } from "../durable/stubs";
import type { Budget } from "../limits/budgets";
import { parseBody } from "../protocol";
import { settingsFor } from "../settings";
import type { AppEnv } from "./context";
import { ApiError, unwrap } from "./errors";

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

/**
 * `Authorization: Bearer <token>`: the scheme is case-insensitive and may be followed by more
 * than one space (RFC 9110, section 11.1 and 11.4).
 */
const BEARER = /^bearer +([A-Za-z0-9_.-]+)$/i;

/**
 * Requires `Authorization: Bearer <access token>` and sets `c.var.identity` from it. The
 * token's device must not be signed out: its session says so at once (401
 * `session_revoked`), though the token itself stays valid until it expires. In the same call
 * the session charges the route's budget, if the route names one with {@link limit}.
 */
export function requireAuth(): MiddlewareHandler<AppEnv> {
  return async function requireAuthMiddleware(c, next) {
    const header = c.req.header("Authorization") ?? "";
    const match = BEARER.exec(header);
    if (!match?.[1]) {
      throw new ApiError(401, "unauthorized", "a bearer access token is required", {
        "WWW-Authenticate": 'Bearer realm="edge-chat"',
      });
    }
    const result = await verifyAccessToken(
      tokenKeys(c),
      match[1],
      Math.floor(Date.now() / 1000),
      c.var.settings.TOKEN_CLOCK_SKEW_SECONDS,
    );
    if (!result.ok) {
      throw new ApiError(401, result.code, result.reason, {
        "WWW-Authenticate": `Bearer realm="edge-chat", error="invalid_token"`,
      });
    }
    c.set("identity", result.identity);
    unwrap(await sessionOf(c).admit(result.identity.deviceId, routeBudget(c)));
    await next();
  };
}

/** The caller's UserSession object, where their budgets and signed-out devices are kept. */
export function sessionOf(c: Context<AppEnv>) {
  return sessionStub(c.env, c.var.identity.userId);
}

/** The middlewares made by {@link limit}, and the budget each names. */
const budgets = new WeakMap<object, Budget>();

/**
 * Names the budget a route charges, one token a request (src/session/budgets.ts): 429
 * `rate_limited` with `Retry-After` when none is left. {@link requireAuth} charges it in the
 * one call it makes to the caller's session; this middleware itself does nothing.
 */
export function limit(budget: Budget): MiddlewareHandler<AppEnv> {
  const middleware: MiddlewareHandler<AppEnv> = async (_c, next) => {
    await next();
  };
  budgets.set(middleware, budget);
  return middleware;
}

/** The budget the matched route names with {@link limit}, if any. */
function routeBudget(c: Context<AppEnv>): Budget | undefined {
  for (const route of matchedRoutes(c)) {
    const budget = budgets.get(route.handler);
    if (budget) return budget;
  }
  return undefined;
}

/**
 * The throttling key for a client address. IPv6 addresses are keyed by their /64 prefix:
 * one subscriber usually holds a whole /64, so per-address keys would give them 2^64
 * buckets. Absent (local tools), everyone shares one bucket.
 */
export function ipKey(ip: string | undefined): string {
  if (!ip) return "unknown";
  if (!ip.includes(":")) return ip;
  const [head = "", tail = ""] = ip.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = ip.includes("::") && tail ? tail.split(":") : [];
  const groups = ip.includes("::")
    ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right]
    : left;
  const prefix = groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "") || "0");
  return `${prefix.join(":")}::/64`;
}

/** The caller's throttling key from the address Cloudflare reports. */
export function clientIp(c: Context<AppEnv>): string {
  return ipKey(c.req.header("CF-Connecting-IP"));
}

/** Reads a body stream, giving up as soon as it passes `limit` bytes. */
async function readLimited(body: ReadableStream<Uint8Array> | null, limit: number) {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
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
  // Content-Length may be absent (chunked) or wrong: count what actually arrives.
  const bytes = await readLimited(c.req.raw.body, limit);
  if (!bytes) throw tooLarge();
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
