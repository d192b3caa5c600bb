/**
 * A ChatRoom's sockets: devices that have the room open. Each committed message goes to them
 * straight from the room, the way a bare rebroadcasting object would, while the members'
 * sessions still get it through fanout (durable, logged, counted). Part of the ChatRoom
 * shell, split out to keep each file small; the rules live in src/room/live.ts.
 */
import { KeyedRateLimiter } from "../limits/buckets";
import {
  type ChatMessage,
  CLOSE,
  type RoomSummary,
  SEND_NOT_CONFIRMED,
  type SendResult,
  type ServerFrame,
  sendAnswer,
  sendRateLimited,
} from "../protocol";
import {
  departed,
  type LiveAttachment,
  liveFrom,
  overLimit,
  type RoomSocketCommand,
  readLiveAttachment,
  roomSocketCommand,
} from "../room/live";
import type { MemberWrite, Result } from "../room/room";
import { type SendDebitDeps, SendDebits } from "../room/send-debits";
import { closeQuietly, WS_OPEN } from "../sockets/socket";
import { sweepSockets } from "../sockets/sweep";

/** What the room gives its sockets to carry out a member's send. */
export interface RoomSocketSends {
  roomId: string;
  maxFrameBytes: number;
  /**
   * Stores the message (at most once per clientMsgId) and broadcasts it: at once for text,
   * after an await when it attaches files.
   */
  send(input: MemberWrite): Result<SendResult> | Promise<Result<SendResult>>;
  log(where: string, error: unknown): void;
}

const userTag = (userId: string) => `user:${userId}`;

export class RoomSockets {
  /**
   * Per member, their devices with the room open (see {@link liveFrom}); rebuilt from the
   * runtime's socket list after any socket opens or closes, since fanout asks on every commit.
   */
  private byUser: Map<string, Record<string, number>> | null = null;
  /** Every socket, as the runtime lists them; read again after any socket opens or closes. */
  private all: WebSocket[] | null = null;

  /** Sends on room sockets, per member (SEND_RATE_PER_SECOND, burst SEND_BURST). */
  private readonly sends: KeyedRateLimiter;
  /** Per socket, its send waiting on files, which the socket's next sends wait for. */
  private readonly waiting = new Map<WebSocket, Promise<void>>();
  /** Those sends, charged to each member's one budget in their session. */
  private readonly debits: SendDebits;

  constructor(
    private readonly ctx: DurableObjectState,
    sendLimits: () => { perSecond: number; burst: number },
    report: SendDebitDeps["report"],
    log: (where: string, error: unknown) => void,
  ) {
    this.sends = new KeyedRateLimiter(sendLimits);
    this.debits = new SendDebits({
      report,
      revoked: (userId, deviceId) => this.closeDevice(userId, deviceId),
      now: () => Date.now(),
      log,
    });
  }

  /** A socket opened or closed: the next question rebuilds the table. */
  changed(): void {
    this.byUser = null;
    this.all = null;
  }

  /** A socket closed (or failed): whose it was, if known. */
  closed(ws: WebSocket): string | null {
    this.changed();
    return readLiveAttachment(ws.deserializeAttachment())?.userId ?? null;
  }

  /** Accepts a member's device socket; beyond `maxPerUser` the user's oldest one goes. */
  accept(
    room: RoomSummary,
    lastSeq: number,
    identity: { userId: string; deviceId: string },
    limits: { maxPerUser: number; heartbeatIntervalMs: number },
  ): Response {
    const current = this.ctx
      .getWebSockets(userTag(identity.userId))
      .map((ws) => ({ ws, attachment: readLiveAttachment(ws.deserializeAttachment()) }));
    for (const { ws } of overLimit(current, identity.userId, limits.maxPerUser)) {
      closeQuietly(ws, CLOSE.tooManySockets, "too many open sockets; this one was the oldest");
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [userTag(identity.userId)]);
    const attachment: LiveAttachment = { ...identity, fromSeq: lastSeq, connectedAt: Date.now() };
    server.serializeAttachment(attachment);
    this.changed();
    const open: ServerFrame = {
      type: "room_open",
      room,
      lastSeq,
      heartbeatIntervalMs: limits.heartbeatIntervalMs,
    };
    server.send(JSON.stringify(open));
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * The heartbeat sweep, as on session sockets: closes sockets silent for longer than
   * `timeoutMs` (4003). Returns when the next sweep is due, or null with no socket left.
   */
  sweep(now: number, timeoutMs: number): number | null {
    const connectedAt = (ws: WebSocket) =>
      readLiveAttachment(ws.deserializeAttachment())?.connectedAt ?? 0;
    const { stale, next } = sweepSockets(this.ctx, connectedAt, now, timeoutMs);
    for (const ws of stale) closeQuietly(ws, CLOSE.heartbeatTimeout, "no heartbeat");
    if (stale.length > 0) this.changed();
    return next;
  }

  /** Closes one device's sockets (the device was signed out). Returns how many. */
  closeDevice(userId: string, deviceId: string): number {
    let closed = 0;
    for (const ws of this.ctx.getWebSockets(userTag(userId))) {
      if (readLiveAttachment(ws.deserializeAttachment())?.deviceId !== deviceId) continue;
      closeQuietly(ws, CLOSE.signedOut, "signed out");
      closed += 1;
    }
    if (closed > 0) this.changed();
    return closed;
  }

  /** The member's devices with the room open, and from which seq each got every message. */
  liveFrom(userId: string): Record<string, number> {
    if (!this.byUser) {
      const attachments = this.ctx
        .getWebSockets()
        .filter((ws) => ws.readyState === WS_OPEN)
        .map((ws) => readLiveAttachment(ws.deserializeAttachment()));
      this.byUser = new Map();
      for (const id of new Set(attachments.map((a) => a?.userId ?? ""))) {
        if (id) this.byUser.set(id, liveFrom(attachments, id));
      }
    }
    return this.byUser.get(userId) ?? {};
  }

  /**
   * A frame from a member's device: a `send` to this room, rate-limited per member and
   * answered on the same socket (`ack` after the commit, or `error`), both with the frame's
   * `ref`. The message itself reaches this socket as `live`, like everyone's.
   */
  receive(ws: WebSocket, raw: string | ArrayBuffer, room: RoomSocketSends): void {
    const socket = readLiveAttachment(ws.deserializeAttachment());
    if (!socket) {
      closeQuietly(ws, CLOSE.internal, "room socket state lost");
      return;
    }
    const command = roomSocketCommand(raw, room.maxFrameBytes, room.roomId);
    if (command.type === "reply") {
      for (const frame of command.frames) ws.send(JSON.stringify(frame));
      if (command.close) closeQuietly(ws, command.close.code, command.close.reason);
      return;
    }
    // A send waiting on its files holds back this socket's later sends, so that a device's
    // messages keep the order it sent them in; without one, a send is answered at once.
    const before = this.waiting.get(ws);
    const answer = before
      ? before.then(() => this.send(socket, command, room))
      : this.send(socket, command, room);
    if (!(answer instanceof Promise)) {
      ws.send(JSON.stringify(answer));
      return;
    }
    const done: Promise<void> = answer
      .then((frame) => ws.send(JSON.stringify(frame)))
      .catch((error: unknown) => room.log("roomSocketSend", error))
      .finally(() => {
        if (this.waiting.get(ws) === done) this.waiting.delete(ws);
      });
    this.waiting.set(ws, done);
  }

  /** A send's answer, or its promise. */
  private send(
    socket: LiveAttachment,
    command: Extract<RoomSocketCommand, { type: "send" }>,
    room: RoomSocketSends,
  ): ServerFrame | Promise<ServerFrame> {
    const refused = this.debits.refusal(socket.userId, socket.deviceId);
    if (refused) {
      if (refused.code === "session_revoked") {
        queueMicrotask(() => this.closeDevice(socket.userId, socket.deviceId));
      }
      return sendAnswer(command.ref, { ok: false, error: refused });
    }
    const senderId = socket.userId;
    const take = this.sends.take(senderId, Date.now());
    if (!take.allowed) {
      return sendAnswer(command.ref, { ok: false, error: sendRateLimited(take.retryAfterMs) });
    }
    // Charged to the sender's one budget after the fact, whatever became of it, as the
    // session socket charges a send before it.
    const charge = () => this.debits.taken(senderId, socket.deviceId);
    const notConfirmed = (error: unknown) => {
      room.log("roomSocketSend", error);
      return sendAnswer(command.ref, { ok: false, error: SEND_NOT_CONFIRMED });
    };
    const { type: _, ref: __, ...message } = command;
    let result: ReturnType<RoomSocketSends["send"]>;
    try {
      result = room.send({ senderId, ...message });
    } catch (error) {
      charge();
      return notConfirmed(error);
    }
    if (!(result instanceof Promise)) {
      charge();
      return sendAnswer(command.ref, result);
    }
    return result.then((r) => sendAnswer(command.ref, r), notConfirmed).finally(charge);
  }

  /**
   * Sends just-committed messages to every open socket, in seq order, then closes the
   * sockets of members these messages removed (after they were told).
   */
  broadcast(room: RoomSummary, messages: readonly ChatMessage[]): void {
    this.all ??= this.ctx.getWebSockets();
    const sockets = this.all;
    if (sockets.length === 0 || messages.length === 0) return;
    const texts = messages.map((message) => {
      const frame: ServerFrame = { type: "live", room, message };
      return JSON.stringify(frame);
    });
    for (const ws of sockets) {
      try {
        for (const text of texts) ws.send(text);
      } catch {
        // A socket that is closing: the device's session carries these messages too.
      }
    }
    for (const userId of departed(messages)) {
      for (const ws of this.ctx.getWebSockets(userTag(userId))) {
        closeQuietly(ws, CLOSE.notMember, "no longer a member of this room");
      }
      this.changed();
    }
  }
}
