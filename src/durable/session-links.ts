/**
 * What a UserSession does for its devices in other objects: sends, read marks, watches and
 * typing, each charged to the user's budgets (src/session/budgets.ts) and forwarded to the
 * room, answered as a frame for the device (or, for HTTP, as a result). Part of the
 * UserSession shell, split out to keep each file small.
 */
import type { Env } from "../env";
import type { PresenceState, ReadResult, SendResult, ServerFrame } from "../protocol";
import type { UserBudgets } from "../session/budgets";
import {
  type Command,
  type Outcome,
  SEND_NOT_CONFIRMED,
  type SocketAttachment,
  sendAnswer,
} from "../session/connection";
import { passTyping, type TypingGate } from "../session/rate";
import { settingsFor } from "../settings";

export class SessionLinks {
  /** Typing relayed per room, and when each device last watched each room; memory only. */
  private readonly typingGates = new Map<string, TypingGate>();
  private readonly watchedAt = new Map<string, number>();

  constructor(
    private readonly env: Env,
    private readonly budgets: UserBudgets,
    private readonly log: (where: string, error: unknown) => void,
  ) {}

  /** A send frame from a device socket, answered with its `ack` or `error`. */
  async send(
    socket: SocketAttachment,
    command: Extract<Command, { type: "send" }>,
  ): Promise<ServerFrame> {
    return sendAnswer(command.ref, await this.sendMessage(socket.userId, command));
  }

  /** A send from any route but a room socket: charged to the user's send budget, then stored. */
  async sendMessage(
    userId: string,
    input: { roomId: string; clientMsgId: string; body: string },
  ): Promise<Outcome<SendResult>> {
    const take = this.budgets.take("send", Date.now());
    if (!take.ok) return take;
    try {
      const stub = this.room(input.roomId);
      return await stub.send({
        senderId: userId,
        clientMsgId: input.clientMsgId,
        body: input.body,
      });
    } catch (cause) {
      this.log("send", cause);
      return { ok: false, error: SEND_NOT_CONFIRMED };
    }
  }

  /** A read mark over HTTP: the signal budget, as for a `read` frame. */
  async markRead(userId: string, roomId: string, seq: number): Promise<Outcome<ReadResult>> {
    const take = this.budgets.take("signal", Date.now());
    if (!take.ok) return take;
    return this.room(roomId).markRead(userId, seq);
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
    // A socket renews a room's lease at most WATCH_RENEWALS_PER_LEASE times a lease: each
    // watch costs a call to every member's session. A new socket (a reconnect) may watch at once.
    const { WATCH_LEASE_MS, WATCH_RENEWALS_PER_LEASE, WATCH_KEYS_MAX } = settingsFor(this.env);
    const spacing = WATCH_LEASE_MS / WATCH_RENEWALS_PER_LEASE;
    const key = `${socket.deviceId}\n${socket.connectedAt}\n${command.roomId}`;
    const now = Date.now();
    const last = this.watchedAt.get(key);
    if (last !== undefined && now - last < spacing) {
      const wait = Math.ceil(last + spacing - now);
      return {
        type: "error",
        ...ref,
        code: "rate_limited",
        message: `watched just now; retry in ${wait} ms`,
      };
    }
    if (this.watchedAt.size > WATCH_KEYS_MAX) this.watchedAt.clear();
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
   * only after a relayed start; beyond the signal rate, dropped silently. A room that refused
   * the last signal (not a member) is not throttled: each signal is asked of it again, and
   * refused with the frame's `ref`, like a `read`.
   */
  async typing(
    socket: SocketAttachment,
    command: Extract<Command, { type: "typing" }>,
  ): Promise<ServerFrame | null> {
    const { TYPING_THROTTLE_MS, TYPING_GATES_MAX } = settingsFor(this.env);
    const ref = command.ref ? { ref: command.ref } : {};
    const gate = passTyping(
      this.typingGates.get(command.roomId),
      command.active,
      Date.now(),
      TYPING_THROTTLE_MS,
    );
    if (this.typingGates.size > TYPING_GATES_MAX) this.typingGates.clear();
    this.typingGates.set(command.roomId, gate.gate);
    if (!gate.relay || this.signalLimit({})) return null;
    try {
      const result = await this.room(command.roomId).typing(socket.userId, command.active);
      if (result.ok) return null;
      this.typingGates.delete(command.roomId);
      return { type: "error", ...ref, ...result.error };
    } catch (cause) {
      this.log("typing", cause);
      return null; // Typing is best effort: the next keystroke tries again.
    }
  }

  /** A `rate_limited` error once the user's signal bucket is empty, else null. */
  private signalLimit(ref: { ref?: string }): ServerFrame | null {
    const take = this.budgets.take("signal", Date.now());
    return take.ok ? null : { type: "error", ...ref, ...take.error };
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
