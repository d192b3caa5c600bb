/**
 * A UserSession's sockets as a whole: who is online (presence, told to watchers), the
 * heartbeat sweep that closes silent sockets, the per-user socket limit, and broadcasts.
 * Part of the UserSession shell, split out to keep each file small.
 */
import type { Env } from "../env";
import type { ServerFrame } from "../protocol";
import { CLOSE, readAttachment } from "../session/connection";
import { type PresenceStore, sweepSockets } from "../session/presence";
import { settingsFor } from "../settings";

/** `WebSocket.OPEN`, spelled out: the same number in every implementation. */
const WS_OPEN = 1;

export class SessionSockets {
  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Env,
    private readonly presence: PresenceStore,
    private readonly log: (where: string, error: unknown) => void,
  ) {}

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
    for (const ws of stale) {
      try {
        ws.close(CLOSE.heartbeatTimeout, "no heartbeat");
      } catch {
        // Already closing.
      }
    }
    // Also when no socket is left: sockets that vanished with an evicted or redeployed
    // instance never ran webSocketClose, and their user must not stay online.
    this.refreshPresence(this.userIdOf([...stale, ...live]), new Set(stale));
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }

  /**
   * Recomputes online from the open sockets (minus `gone`) and tells watchers of a change.
   * Sockets already closing are listed by the runtime but do not count.
   */
  refreshPresence(knownUserId: string | null, gone: Set<WebSocket> = new Set()): void {
    const userId = knownUserId ?? this.presence.userId();
    if (!userId) return;
    const open = this.ctx
      .getWebSockets()
      .filter((ws) => !gone.has(ws) && ws.readyState === WS_OPEN);
    if (this.presence.setOnline(userId, open.length > 0, Date.now())) {
      this.announcePresence(userId);
    }
  }

  announcePresence(userId: string): void {
    const frame: ServerFrame = { type: "presence", users: [this.presence.visible(userId)] };
    for (const viewer of this.presence.viewers(Date.now())) {
      this.session(viewer)
        .signal(frame)
        .catch((error: unknown) => this.log("presence", error));
    }
  }

  socketGone(ws: WebSocket): void {
    const userId = this.userIdOf([ws]);
    if (userId) this.refreshPresence(userId, new Set([ws]));
  }

  userIdOf(sockets: WebSocket[]): string | null {
    for (const ws of sockets) {
      const attachment = readAttachment(ws.deserializeAttachment());
      if (attachment) return attachment.userId;
    }
    return null;
  }

  async armHeartbeatSweep(): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) !== null) return;
    const { HEARTBEAT_TIMEOUT_MS } = settingsFor(this.env);
    await this.ctx.storage.setAlarm(Date.now() + HEARTBEAT_TIMEOUT_MS + 1);
  }

  /** Beyond MAX_SOCKETS_PER_USER, the oldest socket makes way for the new one. */
  makeRoomForSocket(): void {
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

  private session(userId: string) {
    return this.env.USER_SESSION.get(this.env.USER_SESSION.idFromName(userId));
  }
}
