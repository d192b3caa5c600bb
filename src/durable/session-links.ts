/**
 * What a UserSession does for its devices in other objects: sends (rate-limited per user),
 * read marks, watches and typing, each forwarded to the room, answered as a frame for the
 * device. Part of the UserSession shell, split out to keep each file small.
 */
import type { Env } from "../env";
import type { PresenceState, ServerFrame } from "../protocol";
import {
  type Command,
  SEND_NOT_CONFIRMED,
  type SocketAttachment,
  sendAnswer,
  sendRateLimited,
} from "../session/connection";
import { passTyping, RateLimiter, type TypingGate } from "../session/rate";
import { settingsFor } from "../settings";

export class SessionLinks {
  /** Per-user rates: sends, and read/watch/typing frames. */
  private readonly sends: RateLimiter;
  private readonly signals: RateLimiter;
  /** Typing relayed per room, and when each device last watched each room; memory only. */
  private readonly typingGates = new Map<string, TypingGate>();
  private readonly watchedAt = new Map<string, number>();

  constructor(
    private readonly env: Env,
    private readonly log: (where: string, error: unknown) => void,
  ) {
    this.sends = new RateLimiter(() => {
      const s = settingsFor(env);
      return { perSecond: s.SEND_RATE_PER_SECOND, burst: s.SEND_BURST };
    });
    this.signals = new RateLimiter(() => {
      const s = settingsFor(env);
      return { perSecond: s.SIGNAL_RATE_PER_SECOND, burst: s.SIGNAL_BURST };
    });
  }

  async send(
    socket: SocketAttachment,
    command: Extract<Command, { type: "send" }>,
  ): Promise<ServerFrame> {
    const take = this.sends.take(Date.now());
    if (!take.allowed) {
      return sendAnswer(command.ref, { ok: false, error: sendRateLimited(take.retryAfterMs) });
    }
    try {
      const stub = this.room(command.roomId);
      const result = await stub.send({
        senderId: socket.userId,
        clientMsgId: command.clientMsgId,
        body: command.body,
      });
      return sendAnswer(command.ref, result);
    } catch (cause) {
      this.log("send", cause);
      return sendAnswer(command.ref, { ok: false, error: SEND_NOT_CONFIRMED });
    }
  }

  async read(
    socket: SocketAttachment,
    command: Extract<Command, { type: "read" }>,
  ): Promise<ServerFrame | null> {
    const ref = command.ref ? { ref: command.ref } : {};
    const limited = this.signalLimit(ref);
    if (limited) return limited;
    try {
      const stub = this.room(command.roomId);
      const result = await stub.markRead(socket.userId, command.seq);
      return result.ok ? null : { type: "error", ...ref, ...result.error };
    } catch (cause) {
      this.log("read", cause);
      return { type: "error", ...ref, code: "internal", message: "read state not saved; retry" };
    }
  }

  /**
   * Watches a room: renews the lease in the room (typing, receipts), then on each other
   * member's presence, and answers with their presence now.
   */
  async watch(
    socket: SocketAttachment,
    command: Extract<Command, { type: "watch" }>,
  ): Promise<ServerFrame> {
    const ref = command.ref ? { ref: command.ref } : {};
    const limited = this.signalLimit(ref);
    if (limited) return limited;
    // A socket renews a room's lease at most four times a lease: each watch costs a call
    // to every member's session. A new socket (a reconnect) may watch at once.
    const { WATCH_LEASE_MS } = settingsFor(this.env);
    const key = `${socket.deviceId}\n${socket.connectedAt}\n${command.roomId}`;
    const now = Date.now();
    const last = this.watchedAt.get(key);
    if (last !== undefined && now - last < WATCH_LEASE_MS / 4) {
      const wait = Math.ceil(last + WATCH_LEASE_MS / 4 - now);
      return {
        type: "error",
        ...ref,
        code: "rate_limited",
        message: `watched just now; retry in ${wait} ms`,
      };
    }
    if (this.watchedAt.size > 1_000) this.watchedAt.clear();
    this.watchedAt.set(key, now);
    try {
      const result = await this.room(command.roomId).watch(socket.userId);
      if (!result.ok) {
        this.watchedAt.delete(key);
        return { type: "error", ...ref, ...result.error };
      }
      const { memberIds, leaseMs } = result.value;
      const expiresAt = Date.now() + leaseMs;
      const presence = await Promise.all(
        memberIds.map((id) =>
          this.session(id)
            .watchPresence(socket.userId, id, expiresAt)
            .catch((): PresenceState => ({ userId: id, online: false, lastSeenAt: null })),
        ),
      );
      return { type: "watching", ...ref, roomId: command.roomId, leaseMs, presence };
    } catch (cause) {
      this.watchedAt.delete(key); // a failed watch may be tried again at once
      this.log("watch", cause);
      return { type: "error", ...ref, code: "internal", message: "watch failed; retry" };
    }
  }

  /**
   * Relays typing to the room: a start at most once per TYPING_THROTTLE_MS per room, a stop
   * only after a relayed start; beyond the signal rate, dropped silently.
   */
  async typing(
    socket: SocketAttachment,
    command: Extract<Command, { type: "typing" }>,
  ): Promise<ServerFrame | null> {
    const { TYPING_THROTTLE_MS } = settingsFor(this.env);
    const gate = passTyping(
      this.typingGates.get(command.roomId),
      command.active,
      Date.now(),
      TYPING_THROTTLE_MS,
    );
    if (this.typingGates.size > 100) this.typingGates.clear();
    this.typingGates.set(command.roomId, gate.gate);
    if (!gate.relay || this.signalLimit({})) return null;
    try {
      const result = await this.room(command.roomId).typing(socket.userId, command.active);
      return result.ok ? null : { type: "error", ...result.error };
    } catch (cause) {
      this.log("typing", cause);
      return null; // Typing is best effort: the next keystroke tries again.
    }
  }

  /** A `rate_limited` error once the user's signal bucket is empty, else null. */
  private signalLimit(ref: { ref?: string }): ServerFrame | null {
    const take = this.signals.take(Date.now());
    if (take.allowed) return null;
    return {
      type: "error",
      ...ref,
      code: "rate_limited",
      message: `too many read, watch or typing frames; retry in ${take.retryAfterMs} ms`,
    };
  }

  /** Tells direct rooms that a device of this user now has them up to a seq. Best effort. */
  received(userId: string, rooms: { roomId: string; seq: number }[]): void {
    for (const { roomId, seq } of rooms) {
      this.room(roomId)
        .markReceived(userId, seq)
        .catch((error: unknown) => this.log("received", error));
    }
  }

  private room(roomId: string) {
    return this.env.CHAT_ROOM.get(this.env.CHAT_ROOM.idFromName(roomId));
  }

  private session(userId: string) {
    return this.env.USER_SESSION.get(this.env.USER_SESSION.idFromName(userId));
  }
}
