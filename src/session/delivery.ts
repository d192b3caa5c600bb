/**
 * What a session decides about one delivery from a room, as pure functions: how much of its
 * log to keep afterwards, and whether the member is quiet (src/room/fanout.ts paces quiet
 * members). src/durable/user-session.ts writes and sends.
 */
import type { Settings } from "../settings";

/** The log after a delivery keeps at most `maxEvents` events, none older than `before`. */
export function logLimits(
  settings: Pick<Settings, "LOG_MAX_EVENTS" | "LOG_MAX_AGE_SECONDS">,
  now: number,
): { maxEvents: number; before: number } {
  return {
    maxEvents: settings.LOG_MAX_EVENTS,
    before: now - settings.LOG_MAX_AGE_SECONDS * 1000,
  };
}

/**
 * Quiet: every device with a socket open (`devices`) got this batch live from the room
 * (`live` names the devices with the room open), so nothing but the log needed it soon.
 * With no device connected the member is quiet too: nobody is waiting.
 */
export function isQuiet(devices: readonly string[], live: Readonly<Record<string, number>>) {
  return devices.every((deviceId) => Object.hasOwn(live, deviceId));
}
