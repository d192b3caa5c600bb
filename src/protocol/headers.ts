/**
 * The security headers on every answer of the worker (API responses, errors of every status,
 * refused socket upgrades). An API answer is JSON that no page should render, frame or
 * cache: the policy lets nothing load, and `no-store` keeps tokens (sign-up, sign-in,
 * refresh, socket tickets) and people's messages out of browser and shared caches.
 *
 * The web client's files get theirs from web/public/_headers instead (Workers Static Assets
 * serves them without running the worker); both say the same for the headers both set.
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Cache-Control": "no-store",
  "Content-Security-Policy":
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
};
