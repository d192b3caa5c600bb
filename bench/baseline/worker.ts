/**
 * The benchmark's baseline. `/ws` joins the one room; every text frame a socket sends goes
 * to every socket, the sender's included (its copy is its "ack"). The newest frames are
 * kept in memory, and `/ws?replay=N` sends the last N of them on connect (a reconnect with
 * nothing but a memory read). `/history` answers a page of 50 messages held in memory: a
 * request that reaches an object and returns a page, with no storage read.
 */
import { DurableObject } from "cloudflare:workers";

interface Env {
  REBROADCAST: DurableObjectNamespace<Rebroadcast>;
}

const PAGE = JSON.stringify({
  messages: Array.from({ length: 50 }, (_, i) => ({
    roomId: "grp:bench",
    seq: i + 1,
    kind: "text",
    senderId: "00000000-0000-4000-8000-000000000000",
    clientMsgId: `c${i}`,
    body: `message ${i + 1} of the baseline page`,
    createdAt: 1_800_000_000_000 + i,
  })),
  hasMore: true,
});

const KEEP = 2_000;

export class Rebroadcast extends DurableObject<Env> {
  private recent: (string | ArrayBuffer)[] = [];

  override async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/history") {
      return new Response(PAGE, { headers: { "Content-Type": "application/json" } });
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    const replay = Math.min(KEEP, Number(url.searchParams.get("replay") ?? 0) || 0);
    for (const frame of replay > 0 ? this.recent.slice(-replay) : []) server.send(frame);
    return new Response(null, { status: 101, webSocket: client });
  }

  override webSocketMessage(_ws: WebSocket, message: string | ArrayBuffer): void {
    this.recent.push(message);
    if (this.recent.length > KEEP) this.recent.splice(0, this.recent.length - KEEP);
    for (const socket of this.ctx.getWebSockets()) {
      try {
        socket.send(message);
      } catch {
        // A closing socket: nothing to deliver to.
      }
    }
  }

  override webSocketClose(ws: WebSocket, code: number): void {
    ws.close(code, "closing");
  }
}

export default {
  fetch(request: Request, env: Env): Response | Promise<Response> {
    const path = new URL(request.url).pathname;
    if (path === "/api/health") return Response.json({ ok: true });
    if (path === "/ws" || path === "/history") {
      return env.REBROADCAST.get(env.REBROADCAST.idFromName("bench")).fetch(request);
    }
    return new Response("not found", { status: 404 });
  },
} satisfies ExportedHandler<Env>;
