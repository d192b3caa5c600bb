/**
 * A socket's heartbeat, client side: a `ping` every interval the server asks for, and a
 * deadline after each. A socket that answers nothing (no `pong`, no frame at all) within
 * the deadline is taken for dead, so a network that went away silently is noticed within
 * an interval and a deadline, not after the server's 30 s. No ping is sent more often than
 * the server asks, except one on request (`probe`: the browser says the network changed).
 */

/**
 * How long a ping may wait for an answer before the socket counts as dead. Generous enough
 * for a slow mobile network or a busy device (a live socket taken for dead costs a
 * reconnect and its catch-up), short enough that a dead one is noticed within seconds.
 */
export const HEARTBEAT_ANSWER_MS = 5_000;

export interface HeartbeatIo {
  /** Sends the ping frame. */
  ping(): void;
  /** Nothing answered in time: the socket is taken for dead. */
  dead(): void;
}

type Timer = ReturnType<typeof setTimeout>;

export class Heartbeat {
  private ticker: ReturnType<typeof setInterval> | undefined;
  private deadline: Timer | undefined;
  /** When the unanswered ping went out; null when every ping was answered. */
  private pingedAt: number | null = null;
  private running = false;

  constructor(
    private readonly io: HeartbeatIo,
    private readonly answerMs: number = HEARTBEAT_ANSWER_MS,
  ) {}

  /** Pings every `intervalMs` from now on (restarts a running heartbeat). */
  start(intervalMs: number): void {
    this.stop();
    this.running = true;
    this.ticker = setInterval(() => this.probe(), intervalMs);
  }

  /** Something came on the socket: it is alive, whatever it was. */
  heard(): void {
    this.pingedAt = null;
    if (this.deadline !== undefined) clearTimeout(this.deadline);
    this.deadline = undefined;
  }

  /** Pings now, unless a ping already waits for its answer; the deadline starts. */
  probe(): void {
    if (!this.running || this.pingedAt !== null) return;
    this.pingedAt = Date.now();
    this.io.ping();
    this.arm(this.answerMs);
  }

  stop(): void {
    this.running = false;
    this.heard();
    if (this.ticker !== undefined) clearInterval(this.ticker);
    this.ticker = undefined;
  }

  private arm(ms: number): void {
    this.deadline = setTimeout(() => this.expired(), ms);
  }

  /**
   * The deadline passed with no answer. When the timer itself ran late (the page was busy or
   * frozen, so an answer may be waiting to be read), the socket gets one more deadline.
   */
  private expired(): void {
    this.deadline = undefined;
    if (this.pingedAt === null) return;
    const late = Date.now() - this.pingedAt - this.answerMs;
    if (late > this.answerMs) {
      this.pingedAt = Date.now() - this.answerMs; // one more window, counted from now
      this.arm(this.answerMs);
      return;
    }
    this.stop();
    this.io.dead();
  }
}
