/**
 * Puts {@link API_SECURITY_HEADERS} on every response the worker makes, errors and refused
 * socket upgrades included. The web client's files never reach the worker: see
 * web/public/_headers.
 */
import type { MiddlewareHandler } from "hono";
import { API_SECURITY_HEADERS } from "../protocol";
import type { AppEnv } from "./context";

export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async function securityHeadersMiddleware(c, next) {
    await next();
    // A 101 carries the socket, not a document; its headers do nothing once it is open.
    if (c.res.status === 101) return;
    // A Durable Object's answer (a refused upgrade) has immutable headers: set them on a
    // copy, once.
    const response = new Response(c.res.body, c.res);
    for (const [name, value] of Object.entries(API_SECURITY_HEADERS)) {
      response.headers.set(name, value);
    }
    // Hono's setter would merge the old response's headers over these: clear it first.
    c.res = undefined;
    c.res = response;
  };
}
