/** SDK clients (ApiClient + ChatClient) on real sockets through the worker, for tests. */
import { exports } from "cloudflare:workers";
import { ApiClient, ChatClient, type ChatClientOptions, type ChatEvent } from "../../src/client";
import type { AuthResult, ChatMessage, ServerFrame } from "../../src/protocol";
import { ORIGIN } from "./helpers";

export interface SdkDevice {
  client: ChatClient;
  /** The device's HTTP client (its own session). */
  api: ApiClient;
  received: ChatMessage[];
  events: ChatEvent[];
  isOnline(): boolean;
}

/** Opens a socket through the worker (as the SDK's `openSocket`), accepted and ready. */
export async function workerSocket(url: string): Promise<WebSocket> {
  const response = await exports.default.fetch(url.replace(/^ws/, "http"), {
    headers: { Upgrade: "websocket", Origin: ORIGIN },
  });
  const ws = response.webSocket;
  if (!ws) throw new Error(`upgrade refused: ${response.status}`);
  ws.accept();
  return ws;
}

/** What a test does to the SDK's sockets, each told the socket's URL. */
export interface SocketHooks {
  /** False refuses to open the socket, as a network that is down would. */
  open?(url: string): boolean;
  /** A frame from the server; true drops it. `ws` is the socket, to close it. */
  incoming?(frame: ServerFrame, url: string, ws: WebSocket): boolean;
  /** A JSON frame the client sends; true drops it, a string goes out in its place. */
  outgoing?(frame: OutgoingFrame, url: string, ws: WebSocket): boolean | string;
}

/** A frame the SDK sends, as the hooks see it. */
export type OutgoingFrame = { type: string } & Record<string, unknown>;

/** True for a room socket's URL (the session socket's is `/api/socket`). */
export const isRoomSocket = (url: string) => url.includes("/api/socket/rooms/");

/** Opens sockets through the worker (as the SDK's `openSocket`) that `hooks` watch. */
export function hookedSockets(hooks: SocketHooks) {
  return async (url: string): Promise<WebSocket> => {
    if (hooks.open && !hooks.open(url)) throw new Error("socket refused by the test");
    const ws = await workerSocket(url);
    return new Proxy(ws, {
      get(target, key) {
        if (key === "addEventListener") {
          return (type: string, listener: (event: MessageEvent) => void) => {
            if (type !== "message")
              return target.addEventListener(type as "close", listener as never);
            target.addEventListener("message", (event: MessageEvent) => {
              const text = String(event.data);
              const frame = text.startsWith("{") ? (JSON.parse(text) as ServerFrame) : null;
              if (frame && hooks.incoming?.(frame, url, target)) return;
              listener(event);
            });
          };
        }
        if (key === "send") {
          return (data: string) => {
            const frame = data.startsWith("{") ? (JSON.parse(data) as OutgoingFrame) : null;
            const hooked = frame ? hooks.outgoing?.(frame, url, target) : false;
            if (hooked === true) return;
            target.send(typeof hooked === "string" ? hooked : data);
          };
        }
        const value = Reflect.get(target, key);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  };
}

/** An HTTP request an SDK device made (its path decoded), with the answer's status. */
export interface Request {
  method: string;
  path: string;
  status: number;
}

/** What a test does to the SDK's HTTP requests. */
export interface HttpHooks {
  /** Collects every request the device makes, with the status of its answer. */
  requests?: Request[];
  /** An answer in place of the worker's (a fault), or undefined to let the request through. */
  answer?(method: string, path: string): Response | undefined;
}

/** A started ChatClient for a signed-in session, with fast reconnects. */
export function sdkDevice(
  session: AuthResult,
  options: Partial<Omit<ChatClientOptions, "api">> = {},
  http: HttpHooks = {},
): SdkDevice {
  const api = new ApiClient({
    baseUrl: ORIGIN,
    fetch: async (input, init) => {
      const url = new URL(String(input));
      const method = init?.method ?? "GET";
      const path = decodeURIComponent(url.pathname) + url.search;
      const response = http.answer?.(method, path) ?? (await exports.default.fetch(input, init));
      http.requests?.push({ method, path, status: response.status });
      return response;
    },
  });
  api.restore(session);
  const client = new ChatClient({
    api,
    backoffBaseMs: 5,
    backoffMaxMs: 50,
    openSocket: workerSocket,
    ...options,
  });
  const received: ChatMessage[] = [];
  const events: ChatEvent[] = [];
  let online = false;
  client.on((event) => {
    events.push(event);
    if (event.type === "message") received.push(event.message);
    if (event.type === "status") online = event.status === "online";
  });
  client.start();
  return { client, api, received, events, isOnline: () => online };
}

/** The shared poll helper, here too because most tests that poll import the SDK helpers. */
export { until } from "./until";
