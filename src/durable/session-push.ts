/**
 * The session's half of push notifications: the device subscriptions, the decision after
 * each delivery to put a job on the push queue, and the questions the queue's consumer asks
 * when it sends (src/push/consumer.ts). The rules are pure functions in
 * src/session/push-decision.ts; this wires them to the store, the sockets and the queue.
 */
import type { Env } from "../env";
import type {
  LoggedFrame,
  PushSubscriptionBody,
  PushSubscriptionState,
  RoomKind,
} from "../protocol";
import type { PushJob } from "../push/job";
import { hasVapidKeys } from "../push/keys";
import { planPush, pushJob, pushTargets } from "../session/push-decision";
import type { StoredSubscription } from "../session/push-store";
import type { SessionStore } from "../session/store";
import { settingsFor } from "../settings";

/** What the consumer needs to send a job's pushes. */
export interface PushPlan {
  targets: (StoredSubscription & { close: string[] })[];
  room: { kind: RoomKind; title: string | null };
  unread: number;
  badge: number;
  previews: boolean;
}

/** What the consumer reports back for a device. */
export interface PushReport {
  deviceId: string;
  endpoint: string;
  outcome: "sent" | "gone";
  closed: string[];
}

export class SessionPush {
  constructor(
    private readonly env: Env,
    private readonly store: SessionStore,
    private readonly log: (where: string, error: unknown) => void,
  ) {}

  state(deviceId: string): PushSubscriptionState {
    const subscription = this.store.push.get(deviceId);
    return { subscribed: subscription !== null, endpoint: subscription?.endpoint ?? null };
  }

  subscribe(deviceId: string, body: PushSubscriptionBody): PushSubscriptionState {
    const { endpoint, keys } = body;
    this.store.transaction(() => this.store.push.save({ deviceId, endpoint, ...keys }, Date.now()));
    return this.state(deviceId);
  }

  /** Removes the device's subscription (also when it signs out). */
  unsubscribe(deviceId: string): void {
    this.store.transaction(() => this.store.push.remove(deviceId));
  }

  /**
   * After a delivery is logged and sent to the open sockets (`devices`: those with a session
   * socket; `live`: those with the room open): when one of `frames` should notify the user
   * and a subscribed device has neither, puts one job on the push queue. A failure to
   * enqueue loses that push only, never the delivery. Answers whether a subscribed device has
   * neither: it learns of new messages by push only, so the room must not hold this user's
   * deliveries back as quiet (src/room/fanout.ts). A user without subscriptions costs one
   * look at a set in memory.
   */
  async afterDelivery(
    userId: string,
    frames: readonly LoggedFrame[],
    devices: readonly string[],
    live: Readonly<Record<string, number>>,
  ): Promise<boolean> {
    const subscribed = this.store.push.subscribed();
    if (subscribed.size === 0 || !hasVapidKeys(this.env)) return false;
    const offline = [...subscribed].filter(
      (id) => !devices.includes(id) && !Object.hasOwn(live, id),
    );
    if (offline.length === 0) return false;
    const messages = frames.flatMap((f) => (f.type === "message" ? [f.message] : []));
    const roomId = messages[0]?.roomId;
    if (roomId === undefined) return true;
    const targets = pushTargets(
      messages,
      offline.map((deviceId) => ({ deviceId, connected: false, subscribed: true })),
      {
        userId,
        muted: this.store.room(roomId)?.muted ?? false,
        doNotDisturbUntil: this.store.doNotDisturbUntil(),
        now: Date.now(),
      },
    );
    const job = targets ? pushJob(userId, targets.message) : null;
    if (!job) return true;
    try {
      await this.env.PUSH_QUEUE.send(job);
    } catch (error) {
      this.log("afterDelivery.enqueue", error);
    }
    return true;
  }

  /** The consumer's question: to which devices, and with what, does `job` go now? */
  plan(job: PushJob, connected: ReadonlySet<string>): PushPlan | null {
    const room = this.store.room(job.roomId);
    const devices = [...this.store.push.subscribed()].map((deviceId) => ({
      deviceId,
      connected: connected.has(deviceId),
      pushedSeq: this.store.push.pushedSeq(deviceId, job.roomId),
    }));
    const deviceIds = planPush(job, room, devices, {
      doNotDisturbUntil: this.store.doNotDisturbUntil(),
      now: Date.now(),
    });
    if (!room || deviceIds.length === 0) return null;
    const { PUSH_CLOSE_MAX } = settingsFor(this.env);
    const targets = deviceIds.flatMap((deviceId) => {
      const subscription = this.store.push.get(deviceId);
      if (!subscription) return [];
      return [
        { ...subscription, close: this.store.push.toClose(deviceId, job.roomId, PUSH_CLOSE_MAX) },
      ];
    });
    return {
      targets,
      room: { kind: room.kind, title: room.title },
      unread: room.unreadCount,
      badge: this.store.totalUnread(),
      previews: this.store.previews(),
    };
  }

  /** The consumer's report: pushes delivered are recorded, gone subscriptions removed. */
  done(roomId: string, seq: number, reports: readonly PushReport[]): void {
    const now = Date.now();
    this.store.transaction(() => {
      for (const report of reports) {
        if (report.outcome === "sent") {
          this.store.push.recordSent(report.deviceId, roomId, seq, report.closed, now);
        } else {
          this.store.push.remove(report.deviceId, report.endpoint);
        }
      }
    });
  }
}
