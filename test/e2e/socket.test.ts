import { request } from "node:http";
import { describe, expect, inject, it } from "vitest";
import { ApiClient, ChatApiError, ChatConnection } from "../../src/client";

const baseUrl = inject("baseUrl");
let counter = 0;
const uniqueName = () => `e2e_${Date.now().toString(36)}_${++counter}`;
const PASSWORD = "correct horse battery";

async function newUser() {
  const api = new ApiClient({ baseUrl });
  const session = await api.signUp({
    username: uniqueName(),
    displayName: "E2E 사용자",
    password: PASSWORD,
  });
  return { api, session };
}

/** A raw handshake, to send headers a WebSocket client would not let us choose. */
function handshake(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, {
      headers: {
        Connection: "Upgrade",
        Upgrade: "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": Buffer.from("0123456789abcdef").toString("base64"),
        ...headers,
      },
    });
    req.on("upgrade", (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on("response", (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

describe("against wrangler dev, over real sockets", () => {
  it("signs up, connects and gets a welcome naming this device", async () => {
    const { api, session } = await newUser();
    const conn = await ChatConnection.open(api);
    const welcome = await conn.hello(0);
    expect(welcome).toMatchObject({
      type: "welcome",
      userId: session.user.id,
      deviceId: session.deviceId,
      cursor: 0,
    });
    conn.close();
    expect((await conn.closed).code).toBe(1000);
  });

  it("answers the heartbeat text ping with pong", async () => {
    const { api } = await newUser();
    const ticket = await api.socketTicket();
    const ws = new WebSocket(`${baseUrl.replace("http", "ws")}${ticket.url}`);
    await new Promise((resolve, reject) => {
      ws.addEventListener("open", resolve);
      ws.addEventListener("error", reject);
    });
    const pong = new Promise((resolve) => ws.addEventListener("message", (e) => resolve(e.data)));
    ws.send("ping");
    expect(await pong).toBe("pong");
    ws.close();
  });

  it("refuses a replayed ticket and a foreign Origin at the handshake", async () => {
    const { api } = await newUser();
    const first = await api.socketTicket();
    expect(await handshake(first.url, { Origin: "http://localhost:8787" })).toBe(101);
    expect(await handshake(first.url, { Origin: "http://localhost:8787" })).toBe(401);
    const second = await api.socketTicket();
    expect(await handshake(second.url, { Origin: "https://evil.example" })).toBe(403);
    expect(await handshake(second.url, { Origin: "null" })).toBe(403);
    expect(await handshake("/api/socket", {})).toBe(401);
  });

  it("refresh rotates, and sign-out closes the device's socket with 4001", async () => {
    const { api, session } = await newUser();
    const before = session.refreshToken;
    const rotated = await api.refresh();
    expect(rotated.refreshToken).not.toBe(before);
    expect(rotated.deviceId).toBe(session.deviceId);
    const conn = await ChatConnection.open(api);
    await conn.hello();
    const staleAccessToken = rotated.accessToken;
    await api.signOut();
    expect(api.session).toBeNull();
    expect((await conn.closed).code).toBe(4001);
    await expect(conn.hello()).rejects.toMatchObject({ code: "network_error" });
    // The server refuses the signed-out device even with an unexpired access token.
    const ticket = await fetch(`${baseUrl}/api/socket/ticket`, {
      method: "POST",
      headers: { Authorization: `Bearer ${staleAccessToken}` },
    });
    expect(ticket.status).toBe(401);
    expect(await ticket.json()).toMatchObject({ error: { code: "session_revoked" } });
  });

  it("gets the same tokens for a refresh token used again at once (two tabs, a retry)", async () => {
    const { api, session } = await newUser();
    const copy = new ApiClient({ baseUrl });
    copy.restore(session);
    const first = await api.refresh();
    const again = await copy.refresh();
    expect(again.refreshToken).toBe(first.refreshToken);
    expect(again.deviceId).toBe(first.deviceId);
  });

  it("forgets the session when the server says its refresh token was reused", async () => {
    const { api, session } = await newUser();
    const copy = new ApiClient({ baseUrl });
    copy.restore(session);
    await api.refresh();
    // Past the grace window (REFRESH_REUSE_GRACE_SECONDS, 1 s here), it is a reuse.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await expect(copy.refresh()).rejects.toMatchObject({ code: "refresh_token_reused" });
    expect(copy.session).toBeNull();
  });

  it("reports the server's error codes through the SDK", async () => {
    const { session } = await newUser();
    const other = new ApiClient({ baseUrl });
    const error = await other
      .signIn({ username: session.user.username, password: "wrong password" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatApiError);
    expect(error).toMatchObject({ status: 401, code: "invalid_credentials" });
  });
});
