/**
 * What a UserSession does for its devices in other objects: sends, read marks, watches and
 * typing, each charged to the user's budgets (src/session/budgets.ts) and forwarded to the
 * room, answered as a frame for the device (or, for HTTP, as a result). Part of the
 * UserSession shell, split out to keep each file small.
 */
import type { Env } from "../env";
import {
  type Outcome,
  type PresenceState,
  type ReadResult,
  SEND_NOT_CONFIRMED,
  type SendResult,
  type ServerFrame,
  sendAnswer,
  type Write,
} from "../protocol";
import type { UserBudgets } from "../session/budgets";
import type { Command, SocketAttachment } from "../session/connection";
import { passTyping, type TypingGate, watchRenewal } from "../session/signals";
import { settingsFor } from "../settings";
import { roomStub, sessionStub } from "./stubs";

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
    const { type: _, ref, ...input } = command;
    return sendAnswer(ref, await this.sendMessage(socket.userId, input));
  }

  /** A send from any route but a room socket: charged to the user's send budget, then stored. */
  async sendMessage(
    userId: string,
    input: { roomId: string; clientMsgId: string } & Write,
  ): Promise<Outcome<SendResult>> {
    const take = this.budgets.take("send", Date.now());
    if (!take.ok) return take;
    try {
      const { roomId, ...write } = input;
      return await roomStub(this.env, roomId).send({ senderId: userId, ...write });
    } catch (cause) {
      this.log("send", cause);
      return { ok: false, error: SEND_NOT_CONFIRMED };
    }
  }

  /** A read mark over HTTP: the signal budget, as for a `read` frame. */
  async markRead(userId: string, roomId: string, seq: number): Promise<Outcome<ReadResult>> {
    const take = this.budgets.take("signal", Date.now());
    if (!take.ok) return take;
    return roomStub(this.env, roomId).markRead(userId, seq);
  }

  async read(
    socket: SocketAttachment,
    command: Extract<Command, { type: "read" }>,
  ): Promise<ServerFrame | null> {
    const ref = command.ref ? { ref: command.ref } : {};
    const limited = this.signalLimit(ref);
    if (limited) return limited;
    try {
      const stub = roomStub(this.env, command.roomId);
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
    // Keyed by socket (`connectedAt`): a new socket, a reconnect, may watch at once.
    const key = `${socket.deviceId}\n${socket.connectedAt}\n${command.roomId}`;
    const now = Date.now();
    const { WATCH_LEASE_MS, WATCH_RENEWALS_PER_LEASE, WATCH_KEYS_MAX } = settingsFor(this.env);
    const spacing = WATCH_LEASE_MS / WATCH_RENEWALS_PER_LEASE;
    const renewal = watchRenewal(this.watchedAt.get(key), now, spacing);
    if (!renewal.ok) {
      const message = `watched just now; retry in ${renewal.waitMs} ms`;
      return { type: "error", ...ref, code: "rate_limited", message };
    }
    if (this.watchedAt.size > WATCH_KEYS_MAX) this.watchedAt.clear();
    this.watchedAt.set(key, now);
    try {
      const result = await roomStub(this.env, command.roomId).watch(socket.userId);
      if (!result.ok) {
        this.watchedAt.delete(key);
        return { type: "error", ...ref, ...result.error };
      }
      const { memberIds, leaseMs } = result.value;
      const expiresAt = Date.now() + leaseMs;
      const presence = await Promise.all(
        memberIds.map((id) =>
          sessionStub(this.env, id)
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
      const result = await roomStub(this.env, command.roomId).typing(socket.userId, command.active);
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
      roomStub(this.env, roomId)
        .markReceived(userId, seq)
        .catch((error: unknown) => this.log("received", error));
    }
  }
}
