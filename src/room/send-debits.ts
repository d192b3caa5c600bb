/**
 * Sends taken on a room's own sockets, charged to each sender's one send budget, which their
 * UserSession keeps (src/session/budgets.ts). A room socket's send does not wait for the
 * session (that hop is what decision 0006 took off the send path): the room holds each
 * member to the send rate in this room, stores the message, and then reports it. The session
 * charges the budget, into debt if need be, and answers how long the user must now wait; until
 * then this room refuses the user's sends too, as the session refuses them on every other way
 * in. So what a user sends on all ways together stays within the one budget, give or take the
 * sends a room takes while its report is on the way (decision 0007).
 *
 * The answer also says whether the device was signed out: a room whose close for that device
 * was lost closes its sockets then, and refuses anything more from it.
 *
 * One report per member device in flight at a time: sends taken meanwhile go in the next one,
 * so a burst costs a few calls, and at rest a send costs one.
 */

import { RATE_KEYS_MAX } from "../limits/buckets";
import { type ProtocolError, SESSION_REVOKED, sendRateLimited } from "../protocol";

/** The session's answer to a report. */
export interface SendDebitAnswer {
  /** The device was signed out. */
  revoked: boolean;
  /** How long until the user may send again (0: now). */
  retryAfterMs: number;
}

export interface SendDebitDeps {
  /** Reports `count` sends of a member's device to their session. */
  report(userId: string, deviceId: string, count: number): Promise<SendDebitAnswer>;
  /** The device was signed out: close its sockets here. */
  revoked(userId: string, deviceId: string): void;
  now(): number;
  log(where: string, error: unknown): void;
}

export class SendDebits {
  /** Sends not reported yet, per member device (`user \n device`). */
  private readonly pending = new Map<string, number>();
  private readonly inFlight = new Set<string>();
  /** Per member: their budget is spent until then. */
  private readonly spentUntil = new Map<string, number>();
  /** Devices their session said were signed out. */
  private readonly revokedDevices = new Set<string>();

  constructor(private readonly deps: SendDebitDeps) {}

  /** Why this member's device may not send now, or null when it may. */
  refusal(userId: string, deviceId: string): ProtocolError | null {
    if (this.revokedDevices.has(deviceId)) return SESSION_REVOKED;
    const until = this.spentUntil.get(userId);
    if (until === undefined) return null;
    const wait = until - this.deps.now();
    if (wait <= 0) {
      this.spentUntil.delete(userId);
      return null;
    }
    return sendRateLimited(wait);
  }

  /** A send was taken from this member's device: report it. */
  taken(userId: string, deviceId: string): void {
    const key = `${userId}\n${deviceId}`;
    this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
    this.report(key, userId, deviceId);
  }

  private report(key: string, userId: string, deviceId: string): void {
    const count = this.pending.get(key) ?? 0;
    if (count === 0 || this.inFlight.has(key)) return;
    this.pending.delete(key);
    this.inFlight.add(key);
    void this.reportNow(key, userId, deviceId, count);
  }

  private async reportNow(key: string, userId: string, deviceId: string, count: number) {
    try {
      this.apply(userId, deviceId, await this.deps.report(userId, deviceId, count));
    } catch (error) {
      // Charged with the next send's report instead; the session may be restarting.
      this.pending.set(key, (this.pending.get(key) ?? 0) + count);
      this.deps.log("sendDebit", error);
      return;
    } finally {
      this.inFlight.delete(key);
    }
    // What was taken meanwhile goes now.
    this.report(key, userId, deviceId);
  }

  private apply(userId: string, deviceId: string, answer: SendDebitAnswer): void {
    if (answer.revoked) {
      if (this.revokedDevices.size >= RATE_KEYS_MAX) this.revokedDevices.clear();
      this.revokedDevices.add(deviceId);
      this.deps.revoked(userId, deviceId);
      return;
    }
    if (answer.retryAfterMs > 0) {
      if (this.spentUntil.size >= RATE_KEYS_MAX) this.dropExpired();
      this.spentUntil.set(userId, this.deps.now() + answer.retryAfterMs);
    }
  }

  private dropExpired(): void {
    const now = this.deps.now();
    for (const [userId, until] of this.spentUntil) {
      if (until <= now) this.spentUntil.delete(userId);
    }
    if (this.spentUntil.size >= RATE_KEYS_MAX) this.spentUntil.clear();
  }
}
