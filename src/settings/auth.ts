/** Settings of accounts, tokens and sign-in: rows of the settings table (./table.ts). */
import type { Table } from "./entry";

/**
 * argon2id bounds: the floor is OWASP's minimum; the ceiling keeps hashing inside a Worker's
 * 128 MB and is also the largest cost a stored hash may ask the verifier for.
 */
export const ARGON2_BOUNDS = {
  memoryKiB: { min: 19_456, max: 65_536 },
  iterations: { min: 2, max: 10 },
} as const;

export const AUTH_SETTINGS = {
  /** Lifetime of an access token (JWT). Short lifetimes are for tests of refreshing. */
  ACCESS_TOKEN_TTL_SECONDS: {
    default: 15 * 60,
    min: 2,
    kind: "policy",
    doc: "lifetime of an access token (JWT, HS256)",
  },
  /**
   * How far in the future an access token's `iat` (issued at) and `nbf` (not before) may be
   * and still be accepted: room for clocks that disagree a little. `exp` gets none. 0 trusts
   * every clock to agree to the second; clocks further apart than the ceiling are broken, and
   * a wider window would let a token minted for the future be used long before it was meant to.
   */
  TOKEN_CLOCK_SKEW_SECONDS: {
    default: 60,
    min: 0,
    max: 300,
    kind: "policy",
    doc: "how far in the future an access token's `iat` and `nbf` may be",
  },
  /** Lifetime of a refresh token; every refresh issues a new one with a fresh lifetime. */
  REFRESH_TOKEN_TTL_SECONDS: {
    default: 30 * 24 * 60 * 60,
    min: 0,
    kind: "policy",
    doc: "lifetime of each refresh token; rotation issues a new one",
  },
  /**
   * The same refresh token presented again this soon after its rotation (two tabs, a retried
   * request) gets the device's current tokens; later, it revokes the device. 0: never. A long
   * grace would let a stolen token be used beside the owner's without revoking.
   */
  REFRESH_REUSE_GRACE_SECONDS: {
    default: 10,
    min: 0,
    max: 60,
    kind: "policy",
    doc: "a used refresh token presented again this soon gets the device's current tokens; later it revokes the device",
  },
  /** Revoked devices whose socket close is retried per minute (the close did not get through). */
  OWED_CLOSES_PER_SWEEP: {
    default: 50,
    min: 1,
    kind: "internal",
    doc: "revoked devices whose socket close is retried by each minute's sweep",
  },
  /** Lifetime of a single-use WebSocket ticket. */
  SOCKET_TICKET_TTL_SECONDS: {
    default: 30,
    min: 1,
    kind: "policy",
    doc: "lifetime of a single-use WebSocket ticket",
  },
  /** Window over which sign-in attempts are counted. */
  SIGNIN_WINDOW_SECONDS: {
    default: 15 * 60,
    min: 1,
    kind: "policy",
    doc: "window over which sign-in, sign-up and refresh attempts are counted",
  },
  /** Failed sign-ins per username per window before further attempts get 429. */
  SIGNIN_MAX_FAILURES_PER_ACCOUNT: {
    default: 5,
    min: 1,
    kind: "policy",
    doc: "failed sign-ins per username per window before 429",
  },
  /** Sign-in attempts (good or bad) per client IP per window. */
  SIGNIN_MAX_ATTEMPTS_PER_IP: {
    default: 30,
    min: 1,
    kind: "policy",
    doc: "sign-in attempts per client IP per window",
  },
  /** Sign-ups per client IP per window (each costs an argon2id hash). */
  SIGNUP_MAX_PER_IP: {
    default: 10,
    min: 1,
    kind: "policy",
    doc: "sign-ups per client IP per window",
  },
  /** Token refreshes per client IP per window (SIGNIN_WINDOW_SECONDS). */
  REFRESH_MAX_PER_IP: {
    default: 300,
    min: 1,
    kind: "policy",
    doc: "token refreshes per client IP per window",
  },
  /** argon2id memory in KiB (OWASP minimum 19,456 = 19 MiB). */
  ARGON2_MEMORY_KIB: {
    default: 19_456,
    min: ARGON2_BOUNDS.memoryKiB.min,
    max: ARGON2_BOUNDS.memoryKiB.max,
    kind: "policy",
    doc: "argon2id memory in KiB (the floor is OWASP's minimum)",
  },
  /** argon2id passes (OWASP minimum 2 at 19 MiB). */
  ARGON2_ITERATIONS: {
    default: 2,
    min: ARGON2_BOUNDS.iterations.min,
    max: ARGON2_BOUNDS.iterations.max,
    kind: "policy",
    doc: "argon2id passes (the floor is OWASP's minimum)",
  },
  /** `iss` of access tokens. */
  JWT_ISSUER: { default: "edge-chat", kind: "policy", doc: "`iss` of access tokens" },
  /** `aud` of access tokens. */
  JWT_AUDIENCE: { default: "edge-chat", kind: "policy", doc: "`aud` of access tokens" },
} as const satisfies Table;
