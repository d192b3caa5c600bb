/**
 * The budgets a user's actions are charged to, named here so that the HTTP layer can say
 * which one a route charges without reaching into the session that keeps them
 * (src/session/budgets.ts).
 *
 * - `send`: messages (SEND_RATE_PER_SECOND, burst SEND_BURST).
 * - `signal`: `read`, `watch`, `typing` frames and read marks over HTTP
 *   (SIGNAL_RATE_PER_SECOND, burst SIGNAL_BURST).
 * - `change`: everything else that changes state (CHANGE_RATE_PER_MINUTE, burst CHANGE_BURST).
 * - `ticket`: socket tickets (TICKET_RATE_PER_MINUTE, burst TICKET_BURST).
 */
import type { Settings } from "../settings";

export type Budget = "send" | "signal" | "change" | "ticket";

/** The refill rate and burst of a budget's bucket. */
export function budgetLimits(
  settings: Settings,
  budget: Budget,
): { perSecond: number; burst: number } {
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
