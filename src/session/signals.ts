/**
 * The rules a session holds a device's signals to (typing, watch): how often each is
 * relayed to a room, as pure functions of what was relayed last.
 */

/** What a session remembers of a user's typing in one room. */
export interface TypingGate {
  /** When a "typing" was last relayed. */
  startedAt: number;
  /** True while a relayed "typing" has had no "stopped" relayed after it. */
  open: boolean;
}

/**
 * Whether to relay a typing signal: a start at most once per `throttleMs`, a stop only after
 * a relayed start. Alternating start and stop therefore relays at most two per interval.
 */
export function passTyping(
  gate: TypingGate | undefined,
  active: boolean,
  now: number,
  throttleMs: number,
): { relay: boolean; gate: TypingGate } {
  const current = gate ?? { startedAt: Number.NEGATIVE_INFINITY, open: false };
  if (active) {
    if (now - current.startedAt < throttleMs) return { relay: false, gate: current };
    return { relay: true, gate: { startedAt: now, open: true } };
  }
  if (!current.open) return { relay: false, gate: current };
  return { relay: true, gate: { ...current, open: false } };
}

/**
 * Whether a socket may renew its watch of a room now, given when it last did (undefined: not
 * yet, as for a new socket after a reconnect): at most once a `gap` (the lease divided by
 * WATCH_RENEWALS_PER_LEASE), since each renewal costs a call to every member's session.
 * Refused: how long until it may.
 */
export function watchRenewal(
  lastAt: number | undefined,
  now: number,
  gap: number,
): { ok: true } | { ok: false; waitMs: number } {
  if (lastAt === undefined || now - lastAt >= gap) return { ok: true };
  return { ok: false, waitMs: Math.ceil(lastAt + gap - now) };
}
