/**
 * One rule for every query string, as for bodies: a route takes only the parameters it
 * names, each at most once; an unknown or repeated parameter is 400 `validation_failed`.
 *
 * A route that takes parameters says so with {@link query}, which validates them before the
 * handler runs; {@link noStrayQuery}, app-wide, refuses any parameter on every other route.
 */
import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { validator } from "hono/validator";
import type * as v from "valibot";
import { parseBody, RoomId, Seq } from "../protocol";
import type { AppEnv } from "./context";
import { ApiError } from "./errors";

/** The middlewares made by `query`: a route whose chain holds one takes parameters. */
const takers = new WeakSet<object>();

/**
 * Validates the query with `schema` (a strict object of optional strings, mostly); the
 * handler reads the result with `c.req.valid("query")`.
 */
export function query<S extends v.GenericSchema>(schema: S) {
  const middleware = validator("query", (params): v.InferOutput<S> => {
    for (const [name, value] of Object.entries(params)) {
      if (Array.isArray(value)) {
        throw new ApiError(400, "validation_failed", `parameter "${name}" is given more than once`);
      }
    }
    const parsed = parseBody(schema, params, { noun: "parameter", root: "query" });
    if (!parsed.ok) throw ApiError.from(parsed.error);
    return parsed.value;
  });
  takers.add(middleware);
  return middleware;
}

/** Refuses query parameters on a route that takes none (an unknown path still gets 404). */
export function noStrayQuery(): MiddlewareHandler<AppEnv> {
  return async function noStrayQueryMiddleware(c, next) {
    const names = [...new URL(c.req.url).searchParams.keys()];
    const routes = matchedRoutes(c).filter((route) => route.method !== "ALL");
    if (names.length > 0 && routes.length > 0 && !routes.some((r) => takers.has(r.handler))) {
      throw new ApiError(400, "validation_failed", `unknown parameter "${names[0]}"`);
    }
    await next();
  };
}

/**
 * A page size asked for in a query, or `fallback` when none was: 1 to `max`, else 400
 * `validation_failed`.
 */
export function pageLimit<F extends number | undefined>(
  limit: number | undefined,
  max: number,
  fallback: F,
): number | F {
  if (limit === undefined) return fallback;
  if (limit < 1 || limit > max) {
    throw new ApiError(400, "validation_failed", `limit must be between 1 and ${max}`);
  }
  return limit;
}

/** The route's `roomId`; one that cannot exist is answered like one that does not (404). */
export function roomIdParam(c: Context<AppEnv>): string {
  const parsed = parseBody(RoomId, c.req.param("roomId"));
  if (!parsed.ok) throw new ApiError(404, "not_found", "no such room");
  return parsed.value;
}

/** The route's `seq`: a message's seq in its room, a whole number from 1 (else 400). */
export function seqParam(c: Context<AppEnv>): number {
  const text = c.req.param("seq") ?? "";
  const parsed = /^\d{1,15}$/.test(text) ? parseBody(Seq, Number(text)) : null;
  if (!parsed?.ok)
    throw new ApiError(400, "validation_failed", "seq must be a whole number from 1");
  return parsed.value;
}
