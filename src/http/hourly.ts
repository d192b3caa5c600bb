/**
 * Per-user hourly caps (new rooms, new objects, new chats about objects, uploads): fixed
 * windows counted in D1, so that a cap holds across instances and restarts (an in-memory
 * bucket would forget it on eviction). Past it, 429 with `Retry-After`.
 */
import type { Context } from "hono";
import { throttle } from "../auth/throttle";
import { HOUR_WINDOW_SECONDS } from "../settings";
import type { AppEnv } from "./context";

/** At most `max` of the caller's `what` an hour; `action` names the count (`rooms:create`). */
export function hourly(
  c: Context<AppEnv>,
  action: string,
  max: number,
  what: string,
): Promise<void> {
  return throttle(
    c.env.DB,
    `${action}:${c.var.identity.userId}`,
    max,
    HOUR_WINDOW_SECONDS,
    Date.now(),
    `at most ${max} ${what} an hour; try again later`,
  );
}
