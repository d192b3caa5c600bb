/** SDK clients (ApiClient + ChatClient) on real sockets through the worker, for tests. */
import { exports } from "cloudflare:workers";
import { ApiClient, ChatClient, type ChatClientOptions, type ChatEvent } from "../../src/client";
import type { AuthResult, ChatMessage } from "../../src/protocol";
import { ORIGIN } from "./helpers";

export interface SdkDevice {
  client: ChatClient;
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

/** A started ChatClient for a signed-in session, with fast reconnects. */
export function sdkDevice(
  session: AuthResult,
  options: Partial<Omit<ChatClientOptions, "api">> = {},
): SdkDevice {
  const api = new ApiClient({
    baseUrl: ORIGIN,
    fetch: (input, init) => exports.default.fetch(input, init),
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
  return { client, received, events, isOnline: () => online };
}

/** Polls `check` until it holds, or fails naming `what`. */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
