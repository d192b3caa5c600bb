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
import type { Settings } from "../settings";
import { RateLimiter } from "./rate";

export type Budget = "send" | "signal" | "change" | "ticket";

function limitsOf(settings: Settings, budget: Budget): { perSecond: number; burst: number } {
  switch (budget) {
    case "send":
      return { perSecond: settings.SEND_RATE_PER_SECOND, burst: settings.SEND_BURST };
    case "signal":
      return { perSecond: settings.SIGNAL_RATE_PER_SECOND, burst: settings.SIGNAL_BURST };
    case "change":
      return { perSecond: settings.CHANGE_RATE_PER_MINUTE / 60, burst: settings.CHANGE_BURST };
    case "ticket":
      return { perSecond: settings.TICKET_RATE_PER_MINUTE / 60, burst: settings.TICKET_BURST };
  }
}

export class UserBudgets {
  private readonly buckets = new Map<Budget, RateLimiter>();

  constructor(private readonly settings: () => Settings) {}

  /** Takes one token; when none is left, says how long until one is. */
  take(budget: Budget, now: number): { allowed: boolean; retryAfterMs: number } {
    return this.bucket(budget).take(now);
  }

  /** Charges tokens already spent (a room's sends); returns how long until one is free. */
  charge(budget: Budget, count: number, now: number): number {
    return this.bucket(budget).charge(count, now);
  }

  private bucket(budget: Budget): RateLimiter {
    let bucket = this.buckets.get(budget);
    if (!bucket) {
      bucket = new RateLimiter(() => limitsOf(this.settings(), budget));
      this.buckets.set(budget, bucket);
    }
    return bucket;
  }
}
