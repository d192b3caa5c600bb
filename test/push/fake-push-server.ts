/**
 * The fake push service (./fake-push-service.ts) on a loopback port, for `wrangler dev`:
 * what the end-to-end tests point PUSH_SERVICES at. Stops with the test run.
 */
import { createServer, type IncomingMessage } from "node:http";
import { FakePushService } from "./fake-push-service";

export interface FakePushServer {
  url: string;
  stop(): Promise<void>;
}

async function toRequest(origin: string, incoming: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (typeof value === "string") headers.set(name, value);
  }
  const method = incoming.method ?? "GET";
  return new Request(`${origin}${incoming.url ?? "/"}`, {
    method,
    headers,
    ...(method === "GET" || method === "HEAD" ? {} : { body: Buffer.concat(chunks) }),
  });
}

export async function startFakePushServer(): Promise<FakePushServer> {
  const service = new FakePushService();
  let origin = "";
  const server = createServer((incoming, outgoing) => {
    void (async () => {
      const response = await service.handle(await toRequest(origin, incoming));
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      outgoing.writeHead(response.status, headers);
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      outgoing.writeHead(500);
      outgoing.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
