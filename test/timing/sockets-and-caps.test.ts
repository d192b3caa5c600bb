/**
 * With the timing project's short clocks and small caps (heartbeat 1 s, timeout 1.5 s,
 * ROOM_CREATE_MAX_PER_HOUR 4, OBJECT_CREATE_MAX_PER_HOUR 3, OBJECT_ASK_MAX_PER_HOUR 2): a silent room socket is closed like a silent session socket,
 * and room creation stops at its hourly cap.
 */
import { describe, expect, it } from "vitest";
import type { RoomOpenFrame } from "../../src/protocol";
import { call, createGroup, errorCode, groupOfThree, opened, signUp } from "../worker/helpers";

describe("room sockets", () => {
  it("are closed with 4003 when silent past HEARTBEAT_TIMEOUT_MS; a pinging one stays", {
    timeout: 15_000,
  }, async () => {
    const { alice, bob, room } = await groupOfThree();
    const silent = await opened(alice.accessToken, room.id);
    const pinging = await opened(bob.accessToken, room.id);
    expect(((await pinging.next()) as RoomOpenFrame).type).toBe("room_open");
    const beats = setInterval(() => pinging.ws.send("ping"), 500);
    try {
      const started = Date.now();
      expect(await silent.closed).toMatchObject({ code: 4003 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
      // Opened with the silent one, so past the timeout too by now, and still open.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await pinging.nextText()).toBe("pong");
    } finally {
      clearInterval(beats);
      pinging.ws.close();
    }
  });
});

describe("room creation", () => {
  it("stops at ROOM_CREATE_MAX_PER_HOUR per user, with the wait in Retry-After", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    for (let i = 0; i < 4; i++) {
      expect((await createGroup(alice.accessToken, `g${i}`, [bob.user.id])).status).toBe(201);
    }
    const fifth = await createGroup(alice.accessToken, "g4", [bob.user.id]);
    expect(fifth.status).toBe(429);
    expect(errorCode(fifth)).toBe("rate_limited");
    expect(Number(fifth.headers.get("Retry-After"))).toBeGreaterThan(3_000);
    const direct = await call("POST", "/api/rooms", {
      token: alice.accessToken,
      body: { kind: "direct", userId: bob.user.id },
    });
    expect(direct.status).toBe(429);
    // Another user's rooms are counted apart.
    expect((await createGroup(bob.accessToken, "bob's", [alice.user.id])).status).toBe(201);
  });
});

describe("object creation", () => {
  it("stops at OBJECT_CREATE_MAX_PER_HOUR per user, with the wait in Retry-After", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const create = (token: string) =>
      call("POST", "/api/objects", { token, body: { title: "a thing" } });
    for (let i = 0; i < 3; i++) expect((await create(alice.accessToken)).status).toBe(201);
    const fourth = await create(alice.accessToken);
    expect([fourth.status, errorCode(fourth)]).toEqual([429, "rate_limited"]);
    expect(Number(fourth.headers.get("Retry-After"))).toBeGreaterThan(3_000);
    // Another user's objects are counted apart, and rooms are not objects.
    expect((await create(bob.accessToken)).status).toBe(201);
    expect((await createGroup(alice.accessToken, "g", [bob.user.id])).status).toBe(201);
  });
});

describe("asking about objects", () => {
  it("stops at OBJECT_ASK_MAX_PER_HOUR new chats per asker; chats that exist still open", async () => {
    const [owner, asker, other] = await Promise.all([signUp(), signUp(), signUp()]);
    const objects = await Promise.all(
      [1, 2].map(
        async (i) =>
          (
            await call<{ id: string }>("POST", "/api/objects", {
              token: owner.accessToken,
              body: { title: `thing ${i}` },
            })
          ).body.id,
      ),
    );
    const third = (
      await call<{ id: string }>("POST", "/api/objects", {
        token: other.accessToken,
        body: { title: "thing 3" },
      })
    ).body.id;
    const ask = (token: string, id: string) => call("POST", `/api/objects/${id}/chats`, { token });
    for (const id of objects) expect((await ask(asker.accessToken, id)).status).toBe(201);
    const over = await ask(asker.accessToken, third);
    expect([over.status, errorCode(over)]).toEqual([429, "rate_limited"]);
    expect(Number(over.headers.get("Retry-After"))).toBeGreaterThan(3_000);
    expect((await ask(asker.accessToken, objects[0] ?? "")).status).toBe(200);
    expect((await ask(owner.accessToken, third)).status).toBe(201);
  });
});
