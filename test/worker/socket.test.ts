import { env, evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import type { Env } from "../../src/env";
import type { ErrorFrame, WelcomeFrame } from "../../src/protocol";
import { ageRotation, call, errorCode, ORIGIN, open, signUp, ticketFor } from "./helpers";

/** The real environment, with the UserSession namespace wrapped to count every use. */
function spyEnv(): { env: Env; reached: () => number } {
  let count = 0;
  const real = env.USER_SESSION;
  const namespace = {
    idFromName: (name: string) => {
      count++;
      return real.idFromName(name);
    },
    get: (id: DurableObjectId) => {
      count++;
      return real.get(id);
    },
  } as unknown as Env["USER_SESSION"];
  return { env: { ...env, USER_SESSION: namespace }, reached: () => count };
}

describe("socket tickets", () => {
  it("are issued only to a signed-in caller", async () => {
    const result = await call("POST", "/api/socket/ticket");
    expect(result.status).toBe(401);
  });
});

describe("the upgrade is refused before any Durable Object is reached", () => {
  const app = createApp();
  const attempt = async (headers: Record<string, string>, url: string) => {
    const spy = spyEnv();
    const response = await app.request(url, { headers }, spy.env);
    return { response, reached: spy.reached() };
  };

  it("without a ticket", async () => {
    const { response, reached } = await attempt(
      { Upgrade: "websocket", Origin: ORIGIN },
      "/api/socket",
    );
    expect(response.status).toBe(401);
    expect(reached).toBe(0);
  });

  it("with a made-up ticket", async () => {
    const { response, reached } = await attempt(
      { Upgrade: "websocket", Origin: ORIGIN },
      "/api/socket?ticket=forged",
    );
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      "invalid_token",
    );
    expect(reached).toBe(0);
  });

  it("with a replayed ticket", async () => {
    const auth = await signUp();
    const { url } = await ticketFor(auth.accessToken);
    const first = await attempt({ Upgrade: "websocket", Origin: ORIGIN }, url);
    expect(first.response.status).toBe(101);
    expect(first.reached).toBeGreaterThan(0);
    first.response.webSocket?.accept();
    first.response.webSocket?.close(1000, "done");
    const replay = await attempt({ Upgrade: "websocket", Origin: ORIGIN }, url);
    expect(replay.response.status).toBe(401);
    expect(replay.reached).toBe(0);
  });

  it("with an expired ticket", async () => {
    const auth = await signUp();
    const { url, ticket } = await ticketFor(auth.accessToken);
    const { sha256 } = await import("../../src/auth/encoding");
    await env.DB.prepare("UPDATE socket_tickets SET expires_at = 0 WHERE ticket_hash = ?")
      .bind(await sha256(ticket))
      .run();
    const { response, reached } = await attempt({ Upgrade: "websocket", Origin: ORIGIN }, url);
    expect(response.status).toBe(401);
    expect(reached).toBe(0);
  });

  it.each(["https://evil.example", "null", "http://localhost:8788"])(
    "from the foreign origin %s, without using up the ticket",
    async (origin) => {
      const auth = await signUp();
      const { url } = await ticketFor(auth.accessToken);
      const { response, reached } = await attempt({ Upgrade: "websocket", Origin: origin }, url);
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        "forbidden_origin",
      );
      expect(reached).toBe(0);
      // The same ticket still works from an allowed origin.
      const ok = await attempt({ Upgrade: "websocket", Origin: ORIGIN }, url);
      expect(ok.response.status).toBe(101);
      ok.response.webSocket?.accept();
      ok.response.webSocket?.close(1000, "done");
    },
  );

  it("without an Upgrade header", async () => {
    const { response, reached } = await attempt({ Origin: ORIGIN }, "/api/socket?ticket=x");
    expect(response.status).toBe(426);
    expect(response.headers.get("Upgrade")).toBe("websocket");
    expect(reached).toBe(0);
  });
});

describe("an accepted socket", () => {
  it("answers hello with the identity from the ticket, not from the frame", async () => {
    const auth = await signUp();
    const socket = await open(auth.accessToken);
    socket.ws.send(JSON.stringify({ type: "hello", id: "h1", cursor: 0 }));
    const welcome = (await socket.next()) as WelcomeFrame;
    expect(welcome).toMatchObject({
      type: "welcome",
      ref: "h1",
      userId: auth.user.id,
      deviceId: auth.deviceId,
      heartbeatIntervalMs: 5000,
    });
    socket.ws.send(JSON.stringify({ type: "hello", userId: "someone-else" }));
    expect(await socket.next()).toMatchObject({ type: "error", code: "validation_failed" });
    socket.ws.close(1000, "done");
  });

  it("answers bad frames with error frames and keeps serving", async () => {
    const auth = await signUp();
    const socket = await open(auth.accessToken);
    socket.ws.send("{not json");
    expect(await socket.next()).toMatchObject({ type: "error", code: "invalid_json" });
    socket.ws.send(JSON.stringify({ type: "teleport", id: "t1" }));
    expect(await socket.next()).toMatchObject({ type: "error", code: "unknown_frame", ref: "t1" });
    socket.ws.send(new Uint8Array([1, 2, 3]));
    expect(await socket.next()).toMatchObject({ type: "error", code: "bad_request" });
    socket.ws.send(JSON.stringify({ type: "hello" }));
    expect(await socket.next()).toMatchObject({ type: "welcome" });
    socket.ws.close(1000, "done");
  });

  it("closes with 1009 on a frame over MAX_FRAME_BYTES", async () => {
    const auth = await signUp();
    const socket = await open(auth.accessToken);
    socket.ws.send(JSON.stringify({ type: "hello", pad: "x".repeat(64 * 1024) }));
    const error = (await socket.next()) as ErrorFrame;
    expect(error.code).toBe("payload_too_large");
    expect((await socket.closed).code).toBe(1009);
  });

  it("answers heartbeats by auto-response, and keeps identity across hibernation", async () => {
    const auth = await signUp();
    const socket = await open(auth.accessToken);
    const stub = env.USER_SESSION.get(env.USER_SESSION.idFromName(auth.user.id));
    await evictDurableObject(stub);
    socket.ws.send("ping");
    expect(await socket.nextText()).toBe("pong");
    const answeredAt = await runInDurableObject(stub, (_instance, state) => {
      const [ws] = state.getWebSockets();
      return ws ? state.getWebSocketAutoResponseTimestamp(ws) : null;
    });
    expect(answeredAt).toBeInstanceOf(Date);
    socket.ws.send(JSON.stringify({ type: "hello" }));
    expect(await socket.next()).toMatchObject({ type: "welcome", deviceId: auth.deviceId });
    socket.ws.close(1000, "done");
  });

  it("is closed with 4001 when reuse of its refresh token revokes the device", async () => {
    const auth = await signUp();
    const socket = await open(auth.accessToken);
    await call("POST", "/api/auth/refresh", { body: { refreshToken: auth.refreshToken } });
    await ageRotation(env.DB, auth.refreshToken, 60_000); // past the grace window
    const reuse = await call("POST", "/api/auth/refresh", {
      body: { refreshToken: auth.refreshToken },
    });
    expect(errorCode(reuse)).toBe("refresh_token_reused");
    expect(await socket.closed).toMatchObject({ code: 4001 });
  });

  it("is closed with 4001 when its device signs out; other devices stay", async () => {
    const auth = await signUp();
    const phone = await call<{ accessToken: string }>("POST", "/api/auth/signin", {
      body: { username: auth.user.username, password: "correct horse battery" },
    });
    const laptopSocket = await open(auth.accessToken);
    const phoneSocket = await open(phone.body.accessToken);
    expect((await call("POST", "/api/auth/signout", { token: auth.accessToken })).status).toBe(204);
    expect(await laptopSocket.closed).toMatchObject({ code: 4001 });
    phoneSocket.ws.send(JSON.stringify({ type: "hello" }));
    expect(await phoneSocket.next()).toMatchObject({ type: "welcome" });
    phoneSocket.ws.close(1000, "done");
    expect(errorCode(await call("POST", "/api/socket/ticket", { token: auth.accessToken }))).toBe(
      "session_revoked",
    );
  });
});
