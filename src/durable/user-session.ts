/**
 * UserSession: one Durable Object per user, holding every device's WebSocket through the
 * Hibernation API. A thin shell: frames go to src/session/connection.ts and back.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { HEARTBEAT_PING, HEARTBEAT_PONG } from "../protocol";
import { CLOSE, onClientFrame, readAttachment, type SocketAttachment } from "../session/connection";
import { settingsFor } from "../settings";
import { SESSION_HEADERS } from "./session-headers";

const deviceTag = (deviceId: string) => `device:${deviceId}`;

export class UserSession extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
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
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [deviceTag(deviceId)]);
    const attachment: SocketAttachment = { userId, deviceId, connectedAt: Date.now() };
    server.serializeAttachment(attachment);
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    try {
      const socket = readAttachment(ws.deserializeAttachment());
      if (!socket) {
        ws.close(CLOSE.internal, "session state lost");
        return;
      }
      const outcome = onClientFrame(message, {
        socket,
        cursor: 0,
        now: Date.now(),
        settings: settingsFor(this.env),
      });
      for (const frame of outcome.send) ws.send(JSON.stringify(frame));
      if (outcome.close) ws.close(outcome.close.code, outcome.close.reason);
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
  }

  override async webSocketError(_ws: WebSocket, error: unknown): Promise<void> {
    this.log("webSocketError", error);
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
    return sockets.length;
  }

  /** Number of open device sockets (used by tests and, later, presence). */
  async socketCount(): Promise<number> {
    return this.ctx.getWebSockets().length;
  }

  private log(where: string, error: unknown): void {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    console.error(`UserSession(${this.ctx.id.toString()}).${where}: ${message}`);
  }
}
