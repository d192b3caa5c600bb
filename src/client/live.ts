/**
 * A client's live signals: rooms it watches (renewing each lease at half its length, and
 * again after every reconnect), presence, typing that expires by itself, and receipts.
 * Nothing here is stored or replayed: after a gap the next `watch` answer restates presence.
 */
import type { PresenceState, ServerFrame, WatchingFrame } from "../protocol";
import type { ChatConnection } from "./connection";
import { ChatApiError } from "./errors";

export type LiveEvent =
  | { type: "presence"; users: PresenceState[] }
  /** `active: false` when the typer stopped, sent a message, or the signal expired. */
  | { type: "typing"; roomId: string; userId: string; active: boolean }
  | { type: "receipt"; roomId: string; userId: string; readSeq: number; receivedSeq: number };

/** Keystrokes are reported at most this often per room until `welcome` says otherwise. */
const DEFAULT_TYPING_INTERVAL_MS = 2_000;

type Timer = ReturnType<typeof setTimeout>;

function clear(timer: Timer | undefined): void {
  if (timer !== undefined) clearTimeout(timer);
}

export class LiveSignals {
  private readonly renewals = new Map<string, Timer | undefined>();
  private readonly typers = new Map<string, Timer>();
  private readonly typingSentAt = new Map<string, number>();
  /** From the server's `welcome`: repeat typing this often while it lasts. */
  typingIntervalMs = DEFAULT_TYPING_INTERVAL_MS;

  constructor(
    private readonly emit: (event: LiveEvent) => void,
    private readonly connection: () => ChatConnection | null,
  ) {}

  /** Starts watching a room; resolves with its members' presence once connected. */
  async watch(roomId: string): Promise<WatchingFrame | null> {
    if (!this.renewals.has(roomId)) this.renewals.set(roomId, undefined);
    const connection = this.connection();
    return connection ? this.renew(connection, roomId) : null;
  }

  /** Stops renewing; the server's lease lapses by itself. */
  unwatch(roomId: string): void {
    clear(this.renewals.get(roomId));
    this.renewals.delete(roomId);
  }

  /** After a (re)connect: watch every room again. */
  resume(connection: ChatConnection): void {
    for (const roomId of this.renewals.keys()) void this.renew(connection, roomId);
  }

  /** Reports typing (throttled) or that typing stopped (always sent). */
  typing(roomId: string, active: boolean): void {
    const now = Date.now();
    if (active && now - (this.typingSentAt.get(roomId) ?? 0) < this.typingIntervalMs) return;
    if (active) this.typingSentAt.set(roomId, now);
    else this.typingSentAt.delete(roomId);
    this.connection()?.notify({ type: "typing", roomId, active });
  }

  /** A message from `userId` ends their typing in that room. */
  messageFrom(roomId: string, userId: string | null): void {
    if (userId !== null) this.endTyping(roomId, userId);
  }

  receive(frame: ServerFrame): void {
    switch (frame.type) {
      case "presence":
        this.emit({ type: "presence", users: frame.users });
        return;
      case "receipt":
        this.emit({
          type: "receipt",
          roomId: frame.roomId,
          userId: frame.userId,
          readSeq: frame.readSeq,
          receivedSeq: frame.receivedSeq,
        });
        return;
      case "typing": {
        if (!frame.active) {
          this.endTyping(frame.roomId, frame.userId);
          return;
        }
        const key = `${frame.roomId}\n${frame.userId}`;
        const known = this.typers.has(key);
        clear(this.typers.get(key));
        this.typers.set(
          key,
          setTimeout(() => this.endTyping(frame.roomId, frame.userId), frame.ttlMs),
        );
        if (!known) {
          this.emit({ type: "typing", roomId: frame.roomId, userId: frame.userId, active: true });
        }
        return;
      }
      default:
        return;
    }
  }

  /** Clears every timer (the client stopped). */
  stop(): void {
    for (const timer of this.renewals.values()) clear(timer);
    for (const timer of this.typers.values()) clearTimeout(timer);
    this.typers.clear();
  }

  private endTyping(roomId: string, userId: string): void {
    const key = `${roomId}\n${userId}`;
    const timer = this.typers.get(key);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.typers.delete(key);
    this.emit({ type: "typing", roomId, userId, active: false });
  }

  private async renew(
    connection: ChatConnection,
    roomId: string,
    attempt = 0,
  ): Promise<WatchingFrame | null> {
    clear(this.renewals.get(roomId));
    let answer: WatchingFrame | null = null;
    let retry = true;
    try {
      const frame = await connection.request({ type: "watch", roomId });
      if (frame.type === "watching") answer = frame;
    } catch (error) {
      // Not a member (or no such room): stop. Anything else (rate_limited, internal, a
      // timeout) is tried again; a closed socket is resumed by the reconnect instead.
      if (error instanceof ChatApiError && error.code === "not_found") retry = false;
    }
    if (!this.renewals.has(roomId)) return answer;
    if (!retry) {
      this.renewals.delete(roomId);
      return null;
    }
    const delay = answer ? answer.leaseMs / 2 : Math.min(30_000, 1_000 * 2 ** attempt);
    if (answer) this.emit({ type: "presence", users: answer.presence });
    this.renewals.set(
      roomId,
      setTimeout(() => {
        const current = this.connection();
        if (current) void this.renew(current, roomId, answer ? 0 : attempt + 1);
      }, delay),
    );
    return answer;
  }
}
