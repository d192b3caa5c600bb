/**
 * The room's one alarm, as decisions: it serves three jobs (the fanout safety net, the
 * archive, the heartbeat sweep of room sockets), and each asks for a time. Pure, so the plan
 * is tested without an object; src/durable/room-alarm.ts keeps the state and sets the alarm.
 */

/** What the jobs ask of the next alarm, after one ran. */
export interface AlarmAsks {
  /** When the next sweep of room sockets is due: Infinity with no socket open. */
  sweepAt: number;
  /** Fanout still has members behind, and the earliest retry it planned (null: none). */
  fanout: { lagging: boolean; retryAt: number | null };
  /** When the archive wants to run again; null when all is archived. */
  archiveAt: number | null;
}

/**
 * When the alarm must run next, or null when no job needs it. A lagging fanout with no
 * retry planned is looked at again after `fanoutRetryMs`.
 */
export function nextAlarm(asks: AlarmAsks, now: number, fanoutRetryMs: number): number | null {
  const next: number[] = [];
  if (asks.sweepAt !== Infinity) next.push(asks.sweepAt);
  if (asks.fanout.lagging) next.push(asks.fanout.retryAt ?? now + fanoutRetryMs);
  if (asks.archiveAt !== null) next.push(asks.archiveAt);
  return next.length > 0 ? Math.min(...next) : null;
}

/**
 * Whether the sweep runs in this alarm: when due, or when not known (after a restart).
 * Under traffic the alarm runs every FANOUT_RETRY_MS, which is no reason to sweep.
 */
export function sweepDue(sweepAt: number | null, now: number): boolean {
  return sweepAt === null || sweepAt <= now;
}

/** A socket opened whose first sweep is `due`: the sweep comes no later (unknown stays so). */
export function sweepWithSocket(sweepAt: number | null, due: number): number | null {
  return sweepAt === null ? null : Math.min(sweepAt, due);
}

/**
 * Whether to set the alarm for `time`, given when this instance last set it (null: not
 * known). Not when it is already set no later: under steady traffic the alarm must still
 * fire, and setting it again on every commit would keep pushing it back.
 */
export function needsArming(alarmAt: number | null, time: number): boolean {
  return alarmAt === null || alarmAt > time;
}

/** Archive runs failed in a row, and when the next may run. */
export interface ArchiveBackoff {
  failures: number;
  notBefore: number;
}

export const ARCHIVE_READY: ArchiveBackoff = { failures: 0, notBefore: 0 };

/** When a run asked to wait may run, or null when it may run at `now`. */
export function archiveWait(backoff: ArchiveBackoff, now: number): number | null {
  return now < backoff.notBefore ? backoff.notBefore : null;
}

/**
 * After a failed run: the wait doubles from `retryMs` up to `maxMs`. Sends arm the alarm
 * every second, which must not turn a D1 outage into a retry a second.
 */
export function archiveFailed(
  backoff: ArchiveBackoff,
  now: number,
  retryMs: number,
  maxMs: number,
): ArchiveBackoff {
  const failures = backoff.failures + 1;
  return { failures, notBefore: now + Math.min(retryMs * 2 ** (failures - 1), maxMs) };
}
