/**
 * A UserSession's sockets as a whole: accepting and closing them, who is online (presence,
 * told to watchers), the heartbeat sweep that closes silent sockets, the per-user socket
 * limit, and broadcasts.
 * Part of the UserSession shell, split out to keep each file small.
 */
import type { Env } from "../env";
import { CLOSE, type ServerFrame } from "../protocol";
import { readAttachment, type SocketAttachment } from "../session/connection";
import { anyOpen, type PresenceStore } from "../session/presence";
import { settingsFor } from "../settings";
import { closeQuietly } from "../sockets/socket";
import { firstSweepAt, sweepSockets } from "../sockets/sweep";
import { sessionStub } from "./stubs";

const deviceTag = (deviceId: string) => `device:${deviceId}`;

export class SessionSockets {
  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Env,
    private readonly presence: PresenceStore,
    private readonly log: (where: string, error: unknown) => void,
  ) {}

  /** Accepts a device socket (the oldest makes way beyond the limit); answers the 101. */
  async accept(userId: string, deviceId: string): Promise<Response> {
    this.makeRoomForSocket();
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [deviceTag(deviceId)]);
    const attachment: SocketAttachment = { userId, deviceId, connectedAt: Date.now() };
    server.serializeAttachment(attachment);
    this.refreshPresence(userId);
    await this.armHeartbeatSweep();
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Closes a signed-out device's sockets (4001) and recounts presence. Returns how many. */
  closeDevice(deviceId: string, reason: string): number {
    const sockets = this.ctx.getWebSockets(deviceTag(deviceId));
    for (const ws of sockets) closeQuietly(ws, CLOSE.signedOut, reason);
    const userId = this.userIdOf(sockets);
    if (userId) this.refreshPresence(userId, new Set(sockets));
    return sockets.length;
  }

  /** The heartbeat sweep: closes sockets silent past the timeout, then re-arms. */
  async sweep(): Promise<void> {
    const { HEARTBEAT_TIMEOUT_MS } = settingsFor(this.env);
    const connectedAt = (ws: WebSocket) =>
      readAttachment(ws.deserializeAttachment())?.connectedAt ?? 0;
    const { stale, live, next } = sweepSockets(
      this.ctx,
      connectedAt,
      Date.now(),
      HEARTBEAT_TIMEOUT_MS,
    );
    for (const ws of stale) closeQuietly(ws, CLOSE.heartbeatTimeout, "no heartbeat");
    // Also when no socket is left: sockets that vanished with an evicted or redeployed
    // instance never ran webSocketClose, and their user must not stay online.
    this.refreshPresence(this.userIdOf([...stale, ...live]), new Set(stale));
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }

  /** Recomputes online from the open sockets (minus `gone`) and tells watchers of a change. */
  refreshPresence(knownUserId: string | null, gone: Set<WebSocket> = new Set()): void {
    const userId = knownUserId ?? this.presence.userId();
    if (!userId) return;
    const online = anyOpen(this.ctx.getWebSockets(), gone);
    if (this.presence.setOnline(userId, online, Date.now())) {
      this.announcePresence(userId);
    }
  }

  announcePresence(userId: string): void {
    const frame: ServerFrame = { type: "presence", users: [this.presence.visible(userId)] };
    for (const viewer of this.presence.viewers(Date.now())) {
      sessionStub(this.env, viewer)
        .signal(frame)
        .catch((error: unknown) => this.log("presence", error));
    }
  }

  socketGone(ws: WebSocket): void {
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

  private async armHeartbeatSweep(): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) !== null) return;
    const { HEARTBEAT_TIMEOUT_MS } = settingsFor(this.env);
    await this.ctx.storage.setAlarm(firstSweepAt(Date.now(), HEARTBEAT_TIMEOUT_MS));
  }

  /** Beyond MAX_SOCKETS_PER_USER, the oldest socket makes way for the new one. */
  private makeRoomForSocket(): void {
    const max = settingsFor(this.env).MAX_SOCKETS_PER_USER;
    const open = this.ctx
      .getWebSockets()
      .map((ws) => ({ ws, at: readAttachment(ws.deserializeAttachment())?.connectedAt ?? 0 }))
      .sort((a, b) => a.at - b.at);
    for (const { ws } of open.slice(0, Math.max(0, open.length - max + 1))) {
      closeQuietly(ws, CLOSE.tooManySockets, "too many open sockets; this one was the oldest");
    }
  }

  /** The devices with a socket open. */
  connectedDevices(): Set<string> {
    const devices = new Set<string>();
    for (const ws of this.ctx.getWebSockets()) {
      const deviceId = readAttachment(ws.deserializeAttachment())?.deviceId;
      if (deviceId) devices.add(deviceId);
    }
    return devices;
  }

  broadcast(frame: ServerFrame): void {
    const text = JSON.stringify(frame);
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(text);
      } catch {
        // A socket that is closing; its device will catch up from its cursor.
      }
    }
  }

  /**
   * Sends each device socket the frames `framesFor` picks for its device. Returns the devices
   * with a socket open, whether or not they were sent anything.
   */
  broadcastEach(framesFor: (deviceId: string) => ServerFrame[]): string[] {
    const texts = new Map<string, string[]>();
    for (const ws of this.ctx.getWebSockets()) {
      const deviceId = readAttachment(ws.deserializeAttachment())?.deviceId ?? "";
      let out = texts.get(deviceId);
      if (!out) {
        out = framesFor(deviceId).map((frame) => JSON.stringify(frame));
        texts.set(deviceId, out);
      }
      try {
        for (const text of out) ws.send(text);
      } catch {
        // A socket that is closing; its device will catch up from its cursor.
      }
    }
    return [...texts.keys()].filter((deviceId) => deviceId !== "");
  }
}
