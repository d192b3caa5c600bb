/**
 * Delivery from a room to its members' sessions. Each member has its own pipeline with at
 * most one batch in flight; messages committed meanwhile go in the next batch, so under load
 * batches grow by themselves and at rest nothing waits. A member whose session fails is
 * retried with exponential backoff and never holds up the others. Progress (each member's
 * `delivered_seq`) reaches SQLite within `FANOUT_PROGRESS_FLUSH_MS`, so after an eviction the
 * object's alarm carries on from there, at most that much behind; sessions drop what they
 * already have, which makes redelivery harmless. Each batch also
 * carries the member's read watermark and unread count as of its last message (a read with
 * no new message is a batch of none), so read state reaches a session in message order.
 *
 * A member with the room open on some device already got each message live from the room
 * (src/durable/room-sockets.ts). Their session only needs it for the log, the inbox and
 * their other devices, so their pipeline does not start on a commit: a pacer releases such
 * members one at a time, evenly over `FANOUT_LIVE_DELAY_MS`, each taking everything since
 * its last batch (up to `FANOUT_BATCH_MAX`). Under load that is one session call per member
 * per window instead of one per message, and never a burst of them: a burst of calls
 * between objects would hold up the live path for as long as it takes.
 *
 * A member whose session answers that every connected device of theirs had the room open
 * (nothing but the log and inbox needs the batch) is released once a `FANOUT_QUIET_DELAY_MS`
 * cycle instead, until an answer says otherwise, a batch comes out full (more was waiting),
 * or one of the member's room sockets closes. Each quiet member has its own moment in the
 * cycle (see {@link nextQuietRelease}), so a room's quiet members come spread over the whole
 * cycle, not in the one window they were last released in.
 */
import { type ChatMessage, countsAsUnread, type ReadReceipt, type RoomSummary } from "../protocol";
import type { Settings } from "../settings";
import type { Lag, RoomStore } from "./store";

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
   * them is done.
   */
  breather(): Promise<void>;
  /** Resolves after `ms` milliseconds (the pacer's gap between members). */
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

export class Fanout {
  private readonly inFlight = new Set<string>();
  private readonly failures = new Map<string, { count: number; retryAt: number }>();
  /** Members with the room open whose session may get its next batch now. */
  private readonly dueLive = new Set<string>();
  /** Set when members were left for a free slot: a finishing pipeline starts them. */
  private waiting = false;
  /** Set while the pacer runs (see {@link pace}). */
  private pacing = false;
  /** Quiet members (see the file's comment): not released by the pacer before this time. */
  private readonly quietUntil = new Map<string, number>();
  /** Each member's unread count as last sent, to count on from without a query. */
  private readonly unread = new Map<string, { readSeq: number; upTo: number; count: number }>();

  constructor(private readonly deps: FanoutDeps) {}

  /**
   * Starts a pipeline for lagging members that have none, at most `FANOUT_CONCURRENCY` at a
   * time (each one that finishes starts the next), so a burst of deliveries never queues
   * ahead of everything else the runtime has to do. Members with the room open are left to
   * the pacer, which this starts when one lags. Resolves when the pipelines it started
   * finish.
   */
  async pumpAll(): Promise<void> {
    const now = this.deps.now();
    const started: Promise<void>[] = [];
    let liveLagging = false;
    for (const lag of this.deps.store.lagging()) {
      if (this.inFlight.has(lag.userId)) continue;
      const failure = this.failures.get(lag.userId);
      if (failure && failure.retryAt > now) continue;
      if (!this.dueLive.has(lag.userId) && this.isLive(lag.userId)) {
        liveLagging = true;
        continue;
      }
      if (this.inFlight.size >= this.deps.settings.FANOUT_CONCURRENCY) {
        this.waiting = true;
        break;
      }
      started.push(this.pump(lag.userId));
    }
    if (liveLagging)
      this.pace().catch((error: unknown) => this.deps.log(`pacer: ${String(error)}`));
    await Promise.all(started);
  }

  /**
   * Releases the lagging members with the room open one at a time, `FANOUT_LIVE_DELAY_MS`
   * divided by their number apart, so each gets one batch per window and their session
   * calls never come in a burst. Quiet members wait for their own, longer window; the pacer
   * looks again at least once a `FANOUT_LIVE_DELAY_MS` while they do. Goes round again while
   * any still lags; stops when none does. One pacer at a time: a second call returns at once.
   */
  async pace(): Promise<void> {
    if (this.pacing) return;
    this.pacing = true;
    try {
      const { FANOUT_LIVE_DELAY_MS } = this.deps.settings;
      for (;;) {
        const now = this.deps.now();
        const waiting = this.deps.store
          .lagging()
          .map((lag) => lag.userId)
          .filter((userId) => !this.dueLive.has(userId) && this.isLive(userId));
        const due = waiting.filter((userId) => (this.quietUntil.get(userId) ?? 0) <= now);
        if (due.length === 0) {
          if (waiting.length === 0) return;
          const next = Math.min(...waiting.map((userId) => this.quietUntil.get(userId) ?? now));
          await this.deps.sleep(Math.min(next - now, FANOUT_LIVE_DELAY_MS));
          continue;
        }
        const gap = FANOUT_LIVE_DELAY_MS / due.length;
        for (const userId of due) {
          this.dueLive.add(userId);
          this.startOne(userId);
          await this.deps.sleep(gap);
        }
      }
    } finally {
      this.pacing = false;
    }
  }

  /** Unread counts of the room were recounted (see archive.ts): count afresh from the store. */
  countsChanged(): void {
    this.unread.clear();
  }

  /** The member's room socket closed: their session is no longer left for a longer window. */
  socketClosed(userId: string): void {
    this.quietUntil.delete(userId);
  }

  /** True while any member still lacks messages. */
  lagging(): boolean {
    return this.deps.store.lagging().length > 0;
  }

  /** The earliest time a failed member may be retried, if any is waiting. */
  nextRetryAt(): number | null {
    let next: number | null = null;
    for (const { retryAt } of this.failures.values()) {
      if (next === null || retryAt < next) next = retryAt;
    }
    return next;
  }

  private async pump(userId: string): Promise<void> {
    this.inFlight.add(userId);
    try {
      for (let first = true; ; first = false) {
        if (!first) await this.deps.breather();
        const room = this.deps.store.room();
        const [lag] = this.deps.store.lagging(userId);
        if (!room || !lag) return;
        const batch = this.deps.store.messagesBetween(
          room.id,
          lag.deliveredSeq,
          lag.upTo,
          this.deps.settings.FANOUT_BATCH_MAX,
        );
        const upTo = batch.at(-1)?.seq ?? lag.deliveredSeq;
        if (batch.length === 0 && lag.readSent >= lag.readSeq) return;
        // The member's read state as of the batch's last message rides along with it, so a
        // session always sees its unread count and the messages behind it in one order.
        const live = this.deps.live(userId);
        const receipt: ReadReceipt = {
          readSeq: lag.readSeq,
          upTo,
          unreadCount: this.unreadAt(userId, lag, batch, upTo),
        };
        const releasedAt = this.deps.now();
        const paced = Object.keys(live).length > 0;
        // A full batch leaves more behind: the member then stays on the live window, so it
        // catches up a batch a window, evenly paced, however long it was quiet.
        const full = batch.length >= this.deps.settings.FANOUT_BATCH_MAX;
        try {
          const { quiet } = await this.deps.deliver(
            userId,
            { id: room.id, kind: room.kind, title: room.title },
            batch,
            receipt,
            live,
          );
          if (quiet && paced && !full) {
            const { FANOUT_QUIET_DELAY_MS, FANOUT_LIVE_DELAY_MS } = this.deps.settings;
            this.quietUntil.set(
              userId,
              nextQuietRelease(userId, releasedAt, FANOUT_QUIET_DELAY_MS, FANOUT_LIVE_DELAY_MS),
            );
          } else {
            this.quietUntil.delete(userId);
          }
        } catch (error) {
          this.recordFailure(userId, error);
          return;
        }
        this.deps.store.delivered(userId, upTo, lag.readSeq);
        this.failures.delete(userId);
        // What came meanwhile waits for the member's next release.
        if (paced) {
          this.dueLive.delete(userId);
          return;
        }
      }
    } finally {
      this.inFlight.delete(userId);
      if (this.waiting) {
        this.waiting = false;
        this.deps
          .breather()
          .then(() => this.pumpAll())
          .catch((error: unknown) => this.deps.log(`fanout: ${String(error)}`));
      }
    }
  }

  /**
   * The member's unread count as of `upTo`: counted on from the last batch's when that
   * ended where this one starts and the read watermark has not moved (messages from others,
   * system messages aside, as RoomStore.unreadFor counts), else asked of the store.
   */
  private unreadAt(userId: string, lag: Lag, batch: readonly ChatMessage[], upTo: number): number {
    const known = this.unread.get(userId);
    const whole = batch.length === upTo - lag.deliveredSeq; // gap-free from where it left off
    let count: number;
    if (known && whole && known.readSeq === lag.readSeq && known.upTo === lag.deliveredSeq) {
      count = known.count;
      for (const m of batch) {
        if (m.seq > lag.readSeq && countsAsUnread(m, userId)) count += 1;
      }
    } else {
      count = this.deps.store.unreadFor(userId, lag.readSeq, upTo);
    }
    this.unread.set(userId, { readSeq: lag.readSeq, upTo, count });
    return count;
  }

  /** Starts a member's pipeline if it may run now; otherwise a freed slot or retry will. */
  private startOne(userId: string): void {
    if (this.inFlight.has(userId)) return;
    const failure = this.failures.get(userId);
    if (failure && failure.retryAt > this.deps.now()) return;
    if (this.inFlight.size >= this.deps.settings.FANOUT_CONCURRENCY) {
      this.waiting = true;
      return;
    }
    this.pump(userId).catch((error: unknown) => this.deps.log(`fanout: ${String(error)}`));
  }

  private isLive(userId: string): boolean {
    return Object.keys(this.deps.live(userId)).length > 0;
  }

  private recordFailure(userId: string, error: unknown): void {
    const count = (this.failures.get(userId)?.count ?? 0) + 1;
    const { FANOUT_RETRY_MS, FANOUT_RETRY_MAX_MS } = this.deps.settings;
    const delay = Math.min(FANOUT_RETRY_MS * 2 ** (count - 1), FANOUT_RETRY_MAX_MS);
    const retryAt = this.deps.now() + delay;
    this.failures.set(userId, { count, retryAt });
    this.deps.wakeAt(retryAt);
    const reason = error instanceof Error ? error.message : String(error);
    this.deps.log(
      `delivery to ${userId} failed (attempt ${count}), retry in ${delay} ms: ${reason}`,
    );
  }
}
