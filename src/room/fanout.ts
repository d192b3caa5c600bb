/**
 * Delivery from a room to its members' sessions, as one schedule: each member has a time
 * its session may next be called (its {@link Slot}), and one release step ({@link release})
 * starts every member that lags and is due, at most one batch in flight per member and at
 * most `FANOUT_CONCURRENCY` at once. It runs on each commit (pumpAll), when a pipeline
 * frees a slot, on the object's alarm, and, while paced members wait, on a timer of its own
 * (the pacer) that looks again at the next member's time, at least once a
 * `FANOUT_LIVE_DELAY_MS`. Each batch takes everything since the member's last (up to
 * `FANOUT_BATCH_MAX`) and carries the member's read watermark and unread count as of its
 * last message (a read with no new message is a batch of none), so read state reaches a
 * session in message order. Progress is recorded in the store (RoomStore.delivered);
 * sessions drop what they already have, which makes redelivery harmless.
 *
 * When a member may next be called:
 * - No room socket open: at once. Its pipeline goes on batch after batch, with a pause
 *   between them ({@link Fanout.pause}: a timer turn, or the next release if that comes
 *   first), until it has caught up. Under load batches grow by themselves; at rest nothing
 *   waits.
 * - The room open on some device (src/durable/room-sockets.ts): it got each message live, so
 *   its session only needs the batch for the log, the inbox and other devices. One batch a
 *   `FANOUT_LIVE_DELAY_MS` window, and never in a burst: members that come due together are
 *   given times spread evenly over the window (decision 0004). A burst of calls between
 *   objects would hold up the live path for as long as it takes.
 * - Every connected device had the room open (the session answered `quiet`): once a
 *   `FANOUT_QUIET_DELAY_MS` cycle, at the member's own moment of it ({@link nextQuietRelease}),
 *   until an answer says otherwise, a batch comes out full (more was waiting: back to the
 *   live window), or one of its room sockets closes (decision 0005).
 * - A failed call: retried with exponential backoff from `FANOUT_RETRY_MS` to
 *   `FANOUT_RETRY_MAX_MS`, whatever the member's sockets, through the object's alarm
 *   (`wakeAt`); it never holds up the others.
 */
import type { ChatMessage, ReadReceipt, RoomSummary } from "../protocol";
import type { Settings } from "../settings";
import { type RoomStore, summaryOf } from "./store";

export type Deliver = (
  userId: string,
  room: RoomSummary,
  messages: ChatMessage[],
  receipt: ReadReceipt,
  /** The member's devices that were sent these messages live, from which seq each. */
  live: Record<string, number>,
) => Promise<{ quiet: boolean }>;

export interface FanoutDeps {
  store: RoomStore;
  settings: Settings;
  deliver: Deliver;
  /** The member's devices with the room open (see {@link Deliver}); empty when none. */
  live(userId: string): Record<string, number>;
  now(): number;
  /** Asks for a wake-up (the object's alarm) at the given time. */
  wakeAt(time: number): void;
  /**
   * Resolves on a later turn of the event loop, after pending I/O (a timer, not a
   * microtask). Deliveries are chains of calls between objects that the runtime runs back
   * to back; without a break between them, the sockets' input waits until a whole burst of
   * them is done. Under such a burst the runtime may hold the timer back for as long as the
   * burst lasts (seconds, locally tens of seconds), so fanout never waits on it alone: see
   * {@link Fanout.pause}.
   */
  breather(): Promise<void>;
  /** Resolves after `ms` milliseconds (the pacer's wait for the next member's time). */
  sleep(ms: number): Promise<void>;
  log(message: string): void;
}

/** Where in each cycle of `cycleMs` a quiet member is released: a well-mixed hash of its id. */
export function quietPhase(userId: string, cycleMs: number): number {
  let hash = 0x811c9dc5; // FNV-1a, then murmur3's finalizer, so similar ids land apart
  for (let i = 0; i < userId.length; i++) hash = Math.imul(hash ^ userId.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return ((hash ^ (hash >>> 16)) >>> 0) % cycleMs;
}

/**
 * When a quiet member released at `at` is next released: at its phase of the cycle, at
 * least one live window later. In [at + liveMs, at + liveMs + cycleMs); a member released
 * on time stays exactly one cycle apart.
 */
export function nextQuietRelease(
  userId: string,
  at: number,
  cycleMs: number,
  liveMs: number,
): number {
  let next = at - (at % cycleMs) + quietPhase(userId, cycleMs);
  while (next < at + liveMs) next += cycleMs;
  return next;
}

/** When a member's session may next be called, and why. No slot: at once. */
interface Slot {
  at: number;
  /** Failed calls in a row: `at` is then a retry time, which holds whatever the sockets. */
  failures: number;
  /** `at` is the member's quiet moment, which a closing room socket cancels. */
  quiet: boolean;
}

export class Fanout {
  private readonly slots = new Map<string, Slot>();
  private readonly inFlight = new Set<string>();
  /** Set while the pacer's timer runs (one at a time). */
  private pacing = false;
  /** Pipelines paused between two batches (see {@link pause}), each resumed once. */
  private readonly paused = new Set<() => void>();

  constructor(private readonly deps: FanoutDeps) {}

  /**
   * Starts every member that is due (see {@link release}), and the pacer when paced members
   * wait. Resolves when the pipelines it started finish.
   */
  async pumpAll(): Promise<void> {
    // A release comes from input (a commit, a socket closing, the alarm): the pause paused
    // pipelines wait for is over, whether or not their timer has fired. They carry on after
    // this turn, still counted in flight, so the release below does not start them twice.
    for (const resume of [...this.paused]) resume();
    const { started, next } = this.release();
    if (next !== null) this.pace(next).catch((error: unknown) => this.failedToRun("pacer", error));
    await Promise.all(started);
  }

  /** The member's room socket closed: their session is no longer left for the quiet cycle. */
  socketClosed(userId: string): void {
    if (this.slots.get(userId)?.quiet) this.slots.delete(userId);
  }

  /** True while any member still lacks messages. */
  lagging(): boolean {
    return this.deps.store.lagging().length > 0;
  }

  /** The earliest time a failed member may be retried, if any is waiting. */
  nextRetryAt(): number | null {
    let next: number | null = null;
    for (const { at, failures } of this.slots.values()) {
      if (failures > 0 && (next === null || at < next)) next = at;
    }
    return next;
  }

  /**
   * The one release step: starts each lagging member whose time has come, as far as
   * `FANOUT_CONCURRENCY` allows (a pipeline that finishes in a full pool runs this again).
   * Paced members that are due together are spread evenly over the live window: the first
   * goes now, each other gets its turn as its time. Returns the pipelines started, and when
   * the pacer should look again (null when no paced member lags; retries are the alarm's).
   */
  private release(): { started: Promise<void>[]; next: number | null } {
    const now = this.deps.now();
    const { FANOUT_CONCURRENCY, FANOUT_LIVE_DELAY_MS } = this.deps.settings;
    const started: Promise<void>[] = [];
    const due: string[] = [];
    let next: number | null = null;
    const lookAt = (at: number) => {
      next = next === null ? at : Math.min(next, at);
    };
    for (const { userId } of this.deps.store.lagging()) {
      const slot = this.slots.get(userId);
      const retrying = (slot?.failures ?? 0) > 0;
      const paced = !retrying && this.isLive(userId);
      const at = slot && (paced || retrying) ? slot.at : 0;
      if (this.inFlight.has(userId)) {
        if (paced) lookAt(now + FANOUT_LIVE_DELAY_MS); // its batch sets its next time
      } else if (at > now) {
        if (paced) lookAt(at);
      } else if (paced) {
        due.push(userId);
      } else if (this.inFlight.size < FANOUT_CONCURRENCY) {
        started.push(this.pump(userId));
      }
    }
    const gap = FANOUT_LIVE_DELAY_MS / due.length;
    for (const [i, userId] of due.entries()) {
      if (i > 0) {
        this.slots.set(userId, { at: now + i * gap, failures: 0, quiet: false });
        lookAt(now + i * gap);
      } else {
        // Not started in a full pool: a freed slot, or the pacer's next look, starts it.
        if (this.inFlight.size < FANOUT_CONCURRENCY) started.push(this.pump(userId));
        lookAt(now + FANOUT_LIVE_DELAY_MS);
      }
    }
    return { started, next };
  }

  /**
   * The pacer: sleeps until the next paced member's time (at most a live window, so a
   * member whose quiet cycle a closing socket ended is not held up) and releases again,
   * while paced members lag. One at a time: a second call returns at once.
   */
  private async pace(first: number): Promise<void> {
    if (this.pacing) return;
    this.pacing = true;
    try {
      const window = this.deps.settings.FANOUT_LIVE_DELAY_MS;
      for (let next: number | null = first; next !== null; ) {
        await this.deps.sleep(Math.min(next - this.deps.now(), window));
        const released = this.release();
        for (const pipeline of released.started) {
          pipeline.catch((error: unknown) => this.failedToRun("fanout", error));
        }
        next = released.next;
      }
    } finally {
      this.pacing = false;
    }
  }

  /**
   * A member's pipeline: one batch at a time, with a timer turn between batches. A paced
   * member gets one batch, then its next time: its quiet moment, or one live window on.
   */
  private async pump(userId: string): Promise<void> {
    const { store, settings } = this.deps;
    this.inFlight.add(userId);
    try {
      for (let first = true; ; first = false) {
        if (!first) await this.pause();
        const room = store.room();
        const [lag] = store.lagging(userId);
        if (!room || !lag) return;
        const batch = store.messagesBetween(
          room.id,
          lag.deliveredSeq,
          lag.upTo,
          settings.FANOUT_BATCH_MAX,
        );
        const upTo = batch.at(-1)?.seq ?? lag.deliveredSeq;
        if (batch.length === 0 && lag.readSent >= lag.readSeq) return;
        // The member's read state as of the batch's last message rides along with it, so a
        // session always sees its unread count and the messages behind it in one order.
        const receipt: ReadReceipt = {
          readSeq: lag.readSeq,
          upTo,
          unreadCount: store.unreadFor(userId, lag.readSeq, upTo),
        };
        const live = this.deps.live(userId);
        const releasedAt = this.deps.now();
        let quiet: boolean;
        try {
          ({ quiet } = await this.deps.deliver(userId, summaryOf(room), batch, receipt, live));
        } catch (error) {
          this.failed(userId, error);
          return;
        }
        store.delivered(userId, upTo, lag.readSeq);
        if (Object.keys(live).length === 0) {
          this.slots.delete(userId);
          continue;
        }
        // What came meanwhile waits for the member's next time. A full batch leaves more
        // behind: the member then stays on the live window, so it catches up a batch a
        // window, evenly paced, however long it was quiet.
        const { FANOUT_LIVE_DELAY_MS: window, FANOUT_QUIET_DELAY_MS: cycle } = settings;
        const full = batch.length >= settings.FANOUT_BATCH_MAX;
        this.slots.set(
          userId,
          quiet && !full
            ? { at: nextQuietRelease(userId, releasedAt, cycle, window), failures: 0, quiet }
            : { at: releasedAt + window, failures: 0, quiet: false },
        );
        return;
      }
    } finally {
      const poolWasFull = this.inFlight.size >= settings.FANOUT_CONCURRENCY;
      this.inFlight.delete(userId);
      if (poolWasFull) {
        this.deps
          .breather()
          .then(() => this.pumpAll())
          .catch((error: unknown) => this.failedToRun("fanout", error));
      }
    }
  }

  /**
   * The pause between two batches of a pipeline: until the breather's timer turn, or the
   * next {@link pumpAll}, whichever comes first. Waiting on the timer alone stalled a member
   * with no room socket for the whole of a burst: under load the runtime ran the room's
   * calls and commits but not its timers, and the release step passes over a pipeline in
   * flight, so that member got nothing until the room fell idle.
   */
  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const resume = () => {
        this.paused.delete(resume);
        resolve();
      };
      this.paused.add(resume);
      this.deps.breather().then(resume, resume);
    });
  }

  private isLive(userId: string): boolean {
    return Object.keys(this.deps.live(userId)).length > 0;
  }

  /** Backs the member off, `FANOUT_RETRY_MS` doubling per failure, and asks for the alarm. */
  private failed(userId: string, error: unknown): void {
    const failures = (this.slots.get(userId)?.failures ?? 0) + 1;
    const { FANOUT_RETRY_MS, FANOUT_RETRY_MAX_MS } = this.deps.settings;
    const delay = Math.min(FANOUT_RETRY_MS * 2 ** (failures - 1), FANOUT_RETRY_MAX_MS);
    const at = this.deps.now() + delay;
    this.slots.set(userId, { at, failures, quiet: false });
    this.deps.wakeAt(at);
    const reason = error instanceof Error ? error.message : String(error);
    this.deps.log(
      `delivery to ${userId} failed (attempt ${failures}), retry in ${delay} ms: ${reason}`,
    );
  }

  private failedToRun(where: string, error: unknown): void {
    this.deps.log(`${where}: ${String(error)}`);
  }
}
