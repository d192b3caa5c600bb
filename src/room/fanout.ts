/**
 * Delivery from a room to its members' sessions. Each member has its own pipeline with at
 * most one batch in flight; messages committed meanwhile go in the next batch, so under load
 * batches grow by themselves and at rest nothing waits. A member whose session fails is
 * retried with exponential backoff and never holds up the others. Progress is durable (each
 * member's `delivered_seq`), so after an eviction the object's alarm carries on from there;
 * sessions drop what they already have, which makes redelivery harmless. Each batch also
 * carries the member's read watermark and unread count as of its last message (a read with
 * no new message is a batch of none), so read state reaches a session in message order.
 */
import type { ChatMessage, ReadReceipt, RoomSummary } from "../protocol";
import type { Settings } from "../settings";
import type { RoomStore } from "./store";

export type Deliver = (
  userId: string,
  room: RoomSummary,
  messages: ChatMessage[],
  receipt: ReadReceipt,
) => Promise<void>;

export interface FanoutDeps {
  store: RoomStore;
  settings: Settings;
  deliver: Deliver;
  now(): number;
  /** Asks for a wake-up (the object's alarm) at the given time. */
  wakeAt(time: number): void;
  log(message: string): void;
}

export class Fanout {
  private readonly inFlight = new Set<string>();
  private readonly failures = new Map<string, { count: number; retryAt: number }>();

  constructor(private readonly deps: FanoutDeps) {}

  /** Starts a pipeline for every lagging member that has none; resolves when those finish. */
  async pumpAll(): Promise<void> {
    const now = this.deps.now();
    const started: Promise<void>[] = [];
    for (const lag of this.deps.store.lagging()) {
      if (this.inFlight.has(lag.userId)) continue;
      const failure = this.failures.get(lag.userId);
      if (failure && failure.retryAt > now) continue;
      started.push(this.pump(lag.userId));
    }
    await Promise.all(started);
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
      for (;;) {
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
        const receipt: ReadReceipt = {
          readSeq: lag.readSeq,
          upTo,
          unreadCount: this.deps.store.unreadFor(userId, lag.readSeq, upTo),
        };
        try {
          await this.deps.deliver(
            userId,
            { id: room.id, kind: room.kind, title: room.title },
            batch,
            receipt,
          );
        } catch (error) {
          this.recordFailure(userId, error);
          return;
        }
        this.deps.store.delivered(userId, upTo, lag.readSeq);
        this.failures.delete(userId);
      }
    } finally {
      this.inFlight.delete(userId);
    }
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
