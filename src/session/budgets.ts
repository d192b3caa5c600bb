/**
 * A user's budgets, kept by their session: one token bucket per kind of action, whichever
 * way the action comes in (session socket, room socket, HTTP). In memory: an evicted
 * session's buckets start full again, which is what an idle user's buckets would be.
 *
 * - `send`: messages (SEND_RATE_PER_SECOND, burst SEND_BURST). Sends on room sockets are
 *   charged after the fact by the room (src/room/send-debits.ts) and may put it in debt.
 * - `signal`: `read`, `watch`, `typing` frames and read marks over HTTP
 *   (SIGNAL_RATE_PER_SECOND, burst SIGNAL_BURST).
 * - `change`: everything else that changes state: profile, presence and notification
 *   settings, mute, room creation and management, sign-out (CHANGE_RATE_PER_MINUTE, burst
 *   CHANGE_BURST).
 * - `ticket`: socket tickets (TICKET_RATE_PER_MINUTE, burst TICKET_BURST).
 */

import { type Bucket, chargeTokens, takeToken } from "../limits/buckets";
import { type Budget, budgetLimits } from "../limits/budgets";
import { type ProtocolError, sendRateLimited } from "../protocol";
import type { Settings } from "../settings";

/** The `rate_limited` error of a spent budget, with the wait in words. */
export function budgetSpent(budget: Budget, retryAfterMs: number): ProtocolError {
  switch (budget) {
    case "send":
      return sendRateLimited(retryAfterMs);
    case "signal":
      return {
        code: "rate_limited",
        message: `too many read, watch or typing signals; retry in ${retryAfterMs} ms`,
      };
    case "change":
    case "ticket":
      return {
        code: "rate_limited",
        message: `too many requests of this kind; retry in ${retryAfterMs} ms`,
      };
  }
}

export class UserBudgets {
  private readonly buckets = new Map<Budget, Bucket>();

  constructor(private readonly settings: () => Settings) {}

  /** Takes one token; when none is left, the error and how long until one is. */
  take(
    budget: Budget,
    now: number,
  ): { ok: true } | { ok: false; error: ProtocolError; retryAfterMs: number } {
    const { perSecond, burst } = budgetLimits(this.settings(), budget);
    const result = takeToken(this.bucket(budget, burst, now), now, perSecond, burst);
    this.buckets.set(budget, result.bucket);
    if (result.allowed) return { ok: true };
    const { retryAfterMs } = result;
    return { ok: false, error: budgetSpent(budget, retryAfterMs), retryAfterMs };
  }

  /** Charges tokens already spent (a room's sends); returns how long until one is free. */
  charge(budget: Budget, count: number, now: number): number {
    const { perSecond, burst } = budgetLimits(this.settings(), budget);
    const result = chargeTokens(this.bucket(budget, burst, now), count, now, perSecond, burst);
    this.buckets.set(budget, result.bucket);
    return result.retryAfterMs;
  }

  private bucket(budget: Budget, burst: number, now: number): Bucket {
    return this.buckets.get(budget) ?? { tokens: burst, at: now };
  }
}
