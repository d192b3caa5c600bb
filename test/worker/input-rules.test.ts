/**
 * Rules every input from outside follows, through the worker: query strings (a route takes
 * only the parameters it names, each once) and text (well-formed Unicode, names that show).
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import type { ErrorBody, ErrorFrame, HistoryPage, RoomDetails } from "../../src/protocol";
import {
  call,
  createGroup,
  errorCode,
  open,
  PASSWORD,
  signIn,
  signUp,
  uniqueName,
} from "./helpers";

const message = (result: { body: unknown }) => (result.body as ErrorBody).error.message;

/** Every route of the app, with its `:params` filled in. */
function everyRoute(): { method: string; path: string }[] {
  const seen = new Set<string>();
  const routes: { method: string; path: string }[] = [];
  for (const route of createApp().routes) {
    if (route.method === "ALL") continue;
    const path = route.path
      .replace(":roomId", encodeURIComponent("grp:x"))
      .replace(":userId", "u1")
      .replace(":username", "alice")
      .replace(":mediaId", "0b6f5a1c-2d3e-4f50-8a9b-0c1d2e3f4a5b");
    const key = `${route.method} ${path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    routes.push({ method: route.method, path });
  }
  return routes;
}

describe("query strings", () => {
  it("are refused on every route that takes no such parameter", async () => {
    const alice = await signUp();
    const routes = everyRoute();
    expect(routes.length).toBeGreaterThan(20);
    for (const { method, path } of routes) {
      // A file link's own parameters, well-formed, so that only the stray one is wrong.
      const own = path.endsWith("/file") ? `u=u1&e=1&s=${"A".repeat(43)}&` : "";
      // The operator's routes take the operator's token, not a user's.
      const operator = path.startsWith("/api/operator/")
        ? { headers: { "X-Operator-Token": String(env.OPERATOR_TOKEN) } }
        : {};
      const result = await call(method, `${path}?${own}bogus=1`, {
        token: alice.accessToken,
        ...operator,
      });
      expect([result.status, errorCode(result)], `${method} ${path}`).toEqual([
        400,
        "validation_failed",
      ]);
      expect(message(result)).toContain('unknown parameter "bogus"');
    }
    // A path that is no route stays a 404.
    expect((await call("GET", "/api/nowhere?bogus=1")).status).toBe(404);
  });

  it("refuse an unknown or repeated parameter where a route takes some", async () => {
    const alice = await signUp();
    const roomId = (await createGroup(alice.accessToken, "q", [])).body.id;
    const get = (path: string) => call("GET", path, { token: alice.accessToken });
    const history = `/api/rooms/${roomId}/messages`;
    expect((await get(`${history}?before=5&limit=2`)).status).toBe(200);
    for (const [path, text] of [
      [`${history}?befor=5`, 'unknown parameter "befor"'],
      [`${history}?limit=2&limit=3`, 'parameter "limit" is given more than once'],
      [`${history}?before=x`, "before must be a whole number"],
      ["/api/search?q=a&q=b", 'parameter "q" is given more than once'],
      ["/api/search?q=apple&page=2", 'unknown parameter "page"'],
      [`/api/users?ids=${alice.user.id}&x=`, 'unknown parameter "x"'],
    ] as const) {
      const result = await get(path);
      expect([result.status, errorCode(result), message(result)], path).toEqual([
        400,
        "validation_failed",
        text,
      ]);
    }
  });

  it("refuse a stray parameter on a socket upgrade before the ticket is used up", async () => {
    const alice = await signUp();
    const ticket = await call<{ ticket: string }>("POST", "/api/socket/ticket", {
      token: alice.accessToken,
    });
    const stray = await call("GET", `/api/socket?ticket=${ticket.body.ticket}&room=1`, {
      headers: { Upgrade: "websocket" },
    });
    expect([stray.status, message(stray)]).toEqual([400, 'unknown parameter "room"']);
    const socket = await open(alice.accessToken);
    socket.ws.close();
  });
});

describe("text that is not well-formed Unicode", () => {
  it("is refused over HTTP, and nothing is stored", async () => {
    const alice = await signUp();
    const roomId = (await createGroup(alice.accessToken, "t", [])).body.id;
    for (const body of [
      { clientMsgId: "c1", body: "half \ud83d of a pair" },
      { clientMsgId: "c\udc00", body: "fine" },
    ]) {
      const sent = await call("POST", `/api/rooms/${roomId}/messages`, {
        token: alice.accessToken,
        body,
      });
      expect([sent.status, errorCode(sent)]).toEqual([400, "validation_failed"]);
      expect(message(sent)).toMatch(/well-formed Unicode/);
    }
    const history = await call<HistoryPage>("GET", `/api/rooms/${roomId}/messages`, {
      token: alice.accessToken,
    });
    expect(history.body.messages.map((m) => m.kind)).toEqual(["system"]);
    const renamed = await call<RoomDetails>("PATCH", `/api/rooms/${roomId}`, {
      token: alice.accessToken,
      body: { title: "\ud800\udc00\ud800" },
    });
    expect(errorCode(renamed)).toBe("validation_failed");
  });

  it("is refused on the socket, and the frame's id is not echoed when it is not text", async () => {
    const alice = await signUp();
    const roomId = (await createGroup(alice.accessToken, "t", [])).body.id;
    const socket = await open(alice.accessToken);
    socket.ws.send(JSON.stringify({ type: "hello", id: "h", cursor: 0 }));
    await socket.next();
    const frames = [
      { type: "send", id: "s1", roomId, clientMsgId: "c", body: "\udfff" },
      { type: "send", id: "s\ud800", roomId, clientMsgId: "c", body: "fine" },
    ];
    for (const frame of frames) socket.ws.send(JSON.stringify(frame));
    const answers: ErrorFrame[] = [];
    while (answers.length < 2) {
      const frame = await socket.next();
      if (frame.type === "error") answers.push(frame);
    }
    expect(answers).toMatchObject([
      { code: "validation_failed", ref: "s1", message: expect.stringContaining("body") },
      { code: "validation_failed", message: expect.stringContaining("id") },
    ]);
    expect(answers[1]).not.toHaveProperty("ref");
    socket.ws.close();
  });

  it("is refused as a password at sign-up and at sign-in", async () => {
    const username = uniqueName();
    const up = await call("POST", "/api/auth/signup", {
      body: { username, displayName: "Lone", password: `${PASSWORD}\ud800` },
    });
    expect([up.status, errorCode(up)]).toEqual([400, "validation_failed"]);
    await signUp(username);
    const wrong = await signIn(username, `${PASSWORD}\ud800`);
    expect([wrong.status, errorCode(wrong)]).toEqual([400, "validation_failed"]);
    expect((await signIn(username)).status).toBe(200);
  });
});

describe("names and titles", () => {
  it("must show something: Hangul fillers and braille blanks alone are refused", async () => {
    const alice = await signUp();
    for (const blank of ["\u3164", "\u2800\u2800", "\u115F\u1160", "\u3000\uFE0F"]) {
      const profile = await call("PATCH", "/api/me", {
        token: alice.accessToken,
        body: { displayName: blank },
      });
      expect([profile.status, message(profile)]).toEqual([
        400,
        "displayName must contain a visible character",
      ]);
      const room = await createGroup(alice.accessToken, blank, []);
      expect([room.status, errorCode(room)]).toEqual([400, "validation_failed"]);
    }
    const named = await call<{ displayName: string }>("PATCH", "/api/me", {
      token: alice.accessToken,
      body: { displayName: "\u3164앨리스" },
    });
    expect(named.body.displayName).toBe("\u3164앨리스");
  });
});
