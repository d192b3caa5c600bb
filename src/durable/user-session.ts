/**
 * UserSession: one Durable Object per user. It holds every device's WebSocket (Hibernation
 * API), keeps the user's event log and inbox, receives room fanout, and forwards sends to
 * rooms. A thin shell over src/session/.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import {
  type ChatMessage,
  type ErrorCode,
  HEARTBEAT_PING,
  HEARTBEAT_PONG,
  type InboxEntry,
  type PresenceState,
  type ReadReceipt,
  type RoomSummary,
  type ServerFrame,
} from "../protocol";
import {
  CLOSE,
  type Command,
  readAttachment,
  type SocketAttachment,
  toCommand,
} from "../session/connection";
import { nextSweepAt, PresenceStore, staleSockets } from "../session/presence";
import { type Bucket, takeToken } from "../session/rate";
import { hello } from "../session/session";
import { SessionStore } from "../session/store";
import { settingsFor } from "../settings";
import { SESSION_HEADERS } from "./session-headers";

const deviceTag = (deviceId: string) => `device:${deviceId}`;

export class UserSession extends DurableObject<Env> {
  private readonly store: SessionStore;
  private readonly presence: PresenceStore;
  /** Send-rate bucket; in memory only: losing it on eviction just refills it. */
  private bucket: Bucket | null = null;
  /** When a typing signal was last relayed, per room; in memory only, like the bucket. */
  private readonly typingAt = new Map<string, number>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new SessionStore(ctx.storage);
    this.presence = new PresenceStore(ctx.storage.sql);
    // Heartbeats are answered by the runtime without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(HEARTBEAT_PING, HEARTBEAT_PONG));
  }

  /** Accepts a device socket. Only the worker calls this, after checking the ticket. */
  override async fetch(request: Request): Promise<Response> {
    const userId = request.headers.get(SESSION_HEADERS.user);
    const deviceId = request.headers.get(SESSION_HEADERS.device);
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket" || !userId || !deviceId) {
      return new Response("expected an authenticated WebSocket upgrade", { status: 400 });
    }
    this.makeRoomForSocket();
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [deviceTag(deviceId)]);
    const attachment: SocketAttachment = { userId, deviceId, connectedAt: Date.now() };
    server.serializeAttachment(attachment);
    this.refreshPresence(userId);
    await this.armHeartbeatSweep();
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    try {
      const socket = readAttachment(ws.deserializeAttachment());
      if (!socket) {
        ws.close(CLOSE.internal, "session state lost");
        return;
      }
      const settings = settingsFor(this.env);
      await this.run(ws, socket, toCommand(message, settings.MAX_FRAME_BYTES));
    } catch (error) {
      this.log("webSocketMessage", error);
      ws.close(CLOSE.internal, "internal error");
    }
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    try {
      // 1005/1006 are reserved and may not be sent back.
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // Already closed: nothing to do.
    }
    this.socketGone(ws);
  }

  override async webSocketError(ws: WebSocket, error: unknown): Promise<void> {
    this.log("webSocketError", error);
    this.socketGone(ws);
  }

  /** The heartbeat sweep: closes sockets silent past the timeout, then re-arms. */
  override async alarm(): Promise<void> {
    const { HEARTBEAT_TIMEOUT_MS } = settingsFor(this.env);
    const sockets = this.ctx.getWebSockets().map((ws) => ({ ws, lastBeatAt: this.lastBeat(ws) }));
    const stale = staleSockets(sockets, Date.now(), HEARTBEAT_TIMEOUT_MS);
    for (const { ws } of stale) {
      try {
        ws.close(CLOSE.heartbeatTimeout, "no heartbeat");
      } catch {
        // Already closing.
      }
    }
    const gone = new Set(stale.map((s) => s.ws));
    const userId = this.userIdOf(sockets.map((s) => s.ws));
    if (userId) this.refreshPresence(userId, gone);
    const next = nextSweepAt(
      sockets.filter((s) => !gone.has(s.ws)),
      HEARTBEAT_TIMEOUT_MS,
    );
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }

  /** Ephemeral frames for this user's devices: typing, receipts, presence. Never logged. */
  async signal(frame: ServerFrame): Promise<void> {
    this.broadcast(frame);
  }

  /** Another user's session takes or renews a lease on this user's presence. */
  async watchPresence(viewerId: string, userId: string, expiresAt: number): Promise<PresenceState> {
    this.presence.watch(viewerId, expiresAt);
    return this.presence.visible(userId);
  }

  /** Hides or shows this user's presence; watchers hear the change. */
  async setPresenceHidden(userId: string, hidden: boolean): Promise<{ hidden: boolean }> {
    if (this.presence.setHidden(userId, hidden)) this.announcePresence(userId);
    return { hidden: this.presence.hidden() };
  }

  /**
   * Fanout from a room: logs what is new, updates the inbox and pushes the new events to
   * every connected device. Redelivered messages are dropped, so rooms may retry freely.
   */
  async deliver(
    userId: string,
    room: RoomSummary,
    messages: ChatMessage[],
    receipt: ReadReceipt,
  ): Promise<void> {
    const settings = settingsFor(this.env);
    const now = Date.now();
    const frames = this.ctx.storage.transactionSync(() => {
      const appended = this.store.append(userId, room, messages, receipt, now);
      this.store.trim(settings.LOG_MAX_EVENTS, now - settings.LOG_MAX_AGE_SECONDS * 1000);
      return appended;
    });
    for (const frame of frames) this.broadcast(frame);
  }

  /** The user's rooms, most recent activity first. */
  async inbox(): Promise<InboxEntry[]> {
    return this.store.inbox();
  }

  /** Closes every socket of one device (sign-out). Returns how many were closed. */
  async closeDevice(deviceId: string, reason: string): Promise<number> {
    const sockets = this.ctx.getWebSockets(deviceTag(deviceId));
    for (const ws of sockets) {
      try {
        ws.close(CLOSE.signedOut, reason);
      } catch {
        // Already closing.
      }
    }
    const userId = this.userIdOf(sockets);
    if (userId) this.refreshPresence(userId, new Set(sockets));
    return sockets.length;
  }

  /** Number of open device sockets. */
  async socketCount(): Promise<number> {
    return this.ctx.getWebSockets().length;
  }

  private async run(ws: WebSocket, socket: SocketAttachment, command: Command): Promise<void> {
    const settings = settingsFor(this.env);
    switch (command.type) {
      case "reply":
        this.sendAll(ws, command.frames);
        if (command.close) ws.close(command.close.code, command.close.reason);
        return;
      case "hello":
        this.sendAll(ws, hello(this.store, socket, command, Date.now(), settings));
        return;
      case "cursor":
        this.store.setDeviceCursor(
          socket.deviceId,
          Math.min(command.cursor, this.store.latest()),
          Date.now(),
        );
        return;
      case "send":
        this.sendAll(ws, [await this.forwardSend(socket, command)]);
        return;
      case "read": {
        // Success is heard as a `read` event on every device, this one included.
        const error = await this.forwardRead(socket, command);
        if (error) this.sendAll(ws, [error]);
        return;
      }
      case "watch":
        this.sendAll(ws, [await this.watch(socket, command)]);
        return;
      case "typing": {
        const error = await this.forwardTyping(socket, command);
        if (error) this.sendAll(ws, [error]);
        return;
      }
    }
  }

  private async forwardSend(
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
      const stub = this.env.CHAT_ROOM.get(this.env.CHAT_ROOM.idFromName(command.roomId));
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

  private async forwardRead(
    socket: SocketAttachment,
    command: Extract<Command, { type: "read" }>,
  ): Promise<ServerFrame | null> {
    const ref = command.ref ? { ref: command.ref } : {};
    try {
      const stub = this.env.CHAT_ROOM.get(this.env.CHAT_ROOM.idFromName(command.roomId));
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
  private async watch(
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
  private async forwardTyping(
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

  /** Recomputes online from the open sockets (minus `gone`) and tells watchers of a change. */
  private refreshPresence(userId: string, gone: Set<WebSocket> = new Set()): void {
    const open = this.ctx.getWebSockets().filter((ws) => !gone.has(ws));
    if (this.presence.setOnline(userId, open.length > 0, Date.now())) {
      this.announcePresence(userId);
    }
  }

  private announcePresence(userId: string): void {
    const frame: ServerFrame = { type: "presence", users: [this.presence.visible(userId)] };
    for (const viewer of this.presence.viewers(Date.now())) {
      this.session(viewer)
        .signal(frame)
        .catch((error: unknown) => this.log("presence", error));
    }
  }

  private socketGone(ws: WebSocket): void {
    const userId = this.userIdOf([ws]);
    if (userId) this.refreshPresence(userId, new Set([ws]));
  }

  private userIdOf(sockets: WebSocket[]): string | null {
    for (const ws of sockets) {
      const attachment = readAttachment(ws.deserializeAttachment());
      if (attachment) return attachment.userId;
    }
    return null;
  }

  /** A socket's last sign of life: its last auto-answered ping, or when it connected. */
  private lastBeat(ws: WebSocket): number {
    const ping = this.ctx.getWebSocketAutoResponseTimestamp(ws)?.getTime() ?? 0;
    return Math.max(ping, readAttachment(ws.deserializeAttachment())?.connectedAt ?? 0);
  }

  private async armHeartbeatSweep(): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) !== null) return;
    const { HEARTBEAT_TIMEOUT_MS } = settingsFor(this.env);
    await this.ctx.storage.setAlarm(Date.now() + HEARTBEAT_TIMEOUT_MS + 1);
  }

  private room(roomId: string) {
    return this.env.CHAT_ROOM.get(this.env.CHAT_ROOM.idFromName(roomId));
  }

  private session(userId: string) {
    return this.env.USER_SESSION.get(this.env.USER_SESSION.idFromName(userId));
  }

  /** Beyond MAX_SOCKETS_PER_USER, the oldest socket makes way for the new one. */
  private makeRoomForSocket(): void {
    const max = settingsFor(this.env).MAX_SOCKETS_PER_USER;
    const open = this.ctx
      .getWebSockets()
      .map((ws) => ({ ws, at: readAttachment(ws.deserializeAttachment())?.connectedAt ?? 0 }))
      .sort((a, b) => a.at - b.at);
    for (const { ws } of open.slice(0, Math.max(0, open.length - max + 1))) {
      try {
        ws.close(CLOSE.tooManySockets, "too many open sockets; this one was the oldest");
      } catch {
        // Already closing.
      }
    }
  }

  private broadcast(frame: ServerFrame): void {
    const text = JSON.stringify(frame);
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(text);
      } catch {
        // A socket that is closing; its device will catch up from its cursor.
      }
    }
  }

  private sendAll(ws: WebSocket, frames: ServerFrame[]): void {
    for (const frame of frames) ws.send(JSON.stringify(frame));
  }

  private log(where: string, error: unknown): void {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    console.error(`UserSession(${this.ctx.id.toString()}).${where}: ${message}`);
  }
}
