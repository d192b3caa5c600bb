/**
 * The security headers on every answer of the worker (API responses, errors of every status,
 * refused socket upgrades), and the middleware that puts them there. An API answer is JSON
 * that no page should render, frame or cache: the policy lets nothing load, and `no-store`
 * keeps tokens (sign-up, sign-in, refresh, socket tickets) and people's messages out of
 * browser and shared caches.
 *
 * The web client's files never reach the worker: they get theirs from web/public/_headers
 * (Workers Static Assets serves them without running the worker); both say the same for the
 * headers both set.
 */
import type { MiddlewareHandler } from "hono";

export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Cache-Control": "no-store",
  "Content-Security-Policy":
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
};

/**
 * Puts {@link API_SECURITY_HEADERS} on every response the worker makes. It reads nothing of
 * the app's bindings or variables, so it names no `AppEnv`: the browser tests import this
 * module, and must not pull the worker's types in with it.
 */
export function securityHeaders(): MiddlewareHandler {
  return async function securityHeadersMiddleware(c, next) {
    await next();
    // A 101 carries the socket, not a document; its headers do nothing once it is open.
    if (c.res.status === 101) return;
    // A Durable Object's answer (a refused upgrade) has immutable headers: set them on a
    // copy, once.
    const response = new Response(c.res.body, c.res);
    for (const [name, value] of Object.entries(API_SECURITY_HEADERS)) {
      // A route may make the policy stricter (a served file adds `sandbox`), never looser;
      // and a served file may be kept by the browser alone (`private`), never by a shared cache.
      const set = response.headers.get(name);
      if (set?.startsWith(`${value};`)) continue;
      if (name === "Cache-Control" && set?.startsWith("private,")) continue;
      response.headers.set(name, value);
    }
    // Hono's setter would merge the old response's headers over these: clear it first.
    c.res = undefined;
    c.res = response;
  };
}
