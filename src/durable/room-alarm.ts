/**
 * A ChatRoom's alarm: what this instance knows of it (when it was set, when the sweep of room
 * sockets is due, the archive's backoff), in memory only, and the calls that set it. The
 * decisions are src/room/alarm.ts. Part of the ChatRoom shell, split out to keep each file
 * small.
 */
import {
  type AlarmAsks,
  ARCHIVE_READY,
  archiveFailed,
  archiveWait,
  needsArming,
  nextAlarm,
  sweepDue,
  sweepWithSocket,
} from "../room/alarm";

export class RoomAlarm {
  /** When this instance last set the alarm for; null when it does not know (after a restart). */
  private alarmAt: number | null = null;
  /**
   * When the heartbeat sweep of room sockets is next due: Infinity with no socket open, null
   * when this instance does not know (after a restart: the next alarm sweeps).
   */
  private sweepAt: number | null = null;
  /** Memory only: a restarted instance tries the archive at once. */
  private backoff = ARCHIVE_READY;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly log: (where: string, error: unknown) => void,
  ) {}

  /**
   * Sets the alarm for `time` unless this instance already set it for no later. Not awaited,
   * so the write commits with the change that asked for it; a rejection only means the
   * object is going away, and the next instance carries on.
   */
  arm(time: number): void {
    if (!needsArming(this.alarmAt, time)) return;
    this.alarmAt = time;
    this.ctx.storage.setAlarm(time).catch((error: unknown) => {
      this.alarmAt = null; // not set after all: the next arm() must try again
      this.log("setAlarm", error);
    });
  }

  /** A room socket opened: the sweep that would close it silent is due at `due`. */
  socketOpened(due: number): void {
    this.sweepAt = sweepWithSocket(this.sweepAt, due);
    this.arm(due);
  }

  /** The alarm is running: it is no longer set. */
  fired(): void {
    this.alarmAt = null;
  }

  /**
   * One archive run (`run` answers whether more is left), unless a failed one asked to wait.
   * Returns when to run again, or null when all is archived.
   */
  async archive(
    run: () => Promise<boolean>,
    retry: { retryMs: number; maxMs: number },
  ): Promise<number | null> {
    const wait = archiveWait(this.backoff, Date.now());
    if (wait !== null) return wait;
    try {
      const more = await run();
      this.backoff = ARCHIVE_READY;
      return more ? Date.now() : null;
    } catch (error) {
      // Nothing is lost: what D1 did not confirm is sent again, and D1 ignores repeats.
      this.backoff = archiveFailed(this.backoff, Date.now(), retry.retryMs, retry.maxMs);
      this.log("archive", error);
      return this.backoff.notBefore;
    }
  }

  /**
   * After the alarm's work: sweeps room sockets if due (`sweep` closes the silent ones and
   * answers when the next sweep is due), then sets the alarm for the earliest job.
   */
  plan(
    now: number,
    sweep: (now: number) => number | null,
    asks: Omit<AlarmAsks, "sweepAt">,
    fanoutRetryMs: number,
  ): void {
    if (sweepDue(this.sweepAt, now)) this.sweepAt = sweep(now) ?? Infinity;
    const next = nextAlarm({ ...asks, sweepAt: this.sweepAt ?? Infinity }, now, fanoutRetryMs);
    if (next !== null) this.arm(next);
  }
}
