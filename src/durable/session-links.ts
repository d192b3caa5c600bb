/**
 * What a UserSession does for its devices in other objects: sends (rate-limited per user),
 * read marks, watches and typing, each forwarded to the room, answered as a frame for the
 * device. Part of the UserSession shell, split out to keep each file small.
 */
import type { Env } from "../env";
import type { ErrorCode, PresenceState, ServerFrame } from "../protocol";
import type { Command, SocketAttachment } from "../session/connection";
import { type Bucket, takeToken } from "../session/rate";
import { settingsFor } from "../settings";

export class SessionLinks {
  /** Send-rate bucket; in memory only: losing it on eviction just refills it. */
  private bucket: Bucket | null = null;
  /** When a typing signal was last relayed, per room; in memory only, like the bucket. */
  private readonly typingAt = new Map<string, number>();

  constructor(
    private readonly env: Env,
    private readonly log: (where: string, error: unknown) => void,
  ) {}

  async send(
    socket: SocketAttachment,
    command: Extract<Command, { type: "send" }>,
  ): Promise<ServerFrame> {
    const ref = command.ref ? { ref: command.ref } : {};
    const error = (code: ErrorCode, message: string): ServerFrame => ({
      type: "error",
      ...ref,
      code,
      message,
    });
    const settings = settingsFor(this.env);
    const now = Date.now();
    const take = takeToken(
      this.bucket ?? { tokens: settings.SEND_BURST, at: now },
      now,
      settings.SEND_RATE_PER_SECOND,
      settings.SEND_BURST,
    );
    this.bucket = take.bucket;
    if (!take.allowed)
      return error("rate_limited", `sending too fast; retry in ${take.retryAfterMs} ms`);
    try {
      const stub = this.room(command.roomId);
      const result = await stub.send({
        senderId: socket.userId,
        clientMsgId: command.clientMsgId,
        body: command.body,
      });
      if (!result.ok) return error(result.error.code, result.error.message);
      return { type: "ack", ...ref, ...result.value };
    } catch (cause) {
      // Not known to be stored: the client resends with the same clientMsgId.
      this.log("send", cause);
      return error("internal", "message not confirmed; resend it with the same clientMsgId");
    }
  }

  async read(
    socket: SocketAttachment,
    command: Extract<Command, { type: "read" }>,
  ): Promise<ServerFrame | null> {
    const ref = command.ref ? { ref: command.ref } : {};
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
    try {
      const result = await this.room(command.roomId).watch(socket.userId);
      if (!result.ok) return { type: "error", ...ref, ...result.error };
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
      this.log("watch", cause);
      return { type: "error", ...ref, code: "internal", message: "watch failed; retry" };
    }
  }

  /** Relays typing to the room, at most once per TYPING_THROTTLE_MS per room ("stop" always). */
  async typing(
    socket: SocketAttachment,
    command: Extract<Command, { type: "typing" }>,
  ): Promise<ServerFrame | null> {
    const { TYPING_THROTTLE_MS } = settingsFor(this.env);
    const now = Date.now();
    const last = this.typingAt.get(command.roomId);
    if (command.active && last !== undefined && now - last < TYPING_THROTTLE_MS) return null;
    if (this.typingAt.size > 100) this.typingAt.clear();
    if (command.active) this.typingAt.set(command.roomId, now);
    else this.typingAt.delete(command.roomId);
    try {
      const result = await this.room(command.roomId).typing(socket.userId, command.active);
      return result.ok ? null : { type: "error", ...result.error };
    } catch (cause) {
      this.log("typing", cause);
      return null; // Typing is best effort: the next keystroke tries again.
    }
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
