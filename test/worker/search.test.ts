/**
 * Search over the D1 archive: Korean substrings and English words, paging, highlights as
 * plain offsets, and never a message from a room the caller cannot see.
 */
import { env, runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { AuthResult, SearchPage } from "../../src/protocol";
import { call, createGroup, errorCode, postMessage, signUp } from "./helpers";

async function post(auth: AuthResult, roomId: string, body: string): Promise<number> {
  const sent = await postMessage(auth.accessToken, roomId, body);
  expect(sent.status).toBe(201);
  return sent.body.seq;
}

/** Runs the room's alarm, which archives what it has to D1. */
async function archive(roomId: string): Promise<void> {
  await runDurableObjectAlarm(env.CHAT_ROOM.get(env.CHAT_ROOM.idFromName(roomId)));
}

async function search(auth: AuthResult, params: Record<string, string>) {
  return call<SearchPage>("GET", `/api/search?${new URLSearchParams(params)}`, {
    token: auth.accessToken,
  });
}

const bodies = (page: SearchPage) => page.results.map((r) => r.message.body);

describe("search", () => {
  it("finds Korean substrings and English words, with plain-text highlights", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const roomId = (await createGroup(alice.accessToken, "장터", [bob.user.id])).body.id;
    await post(alice, roomId, "자전거를 팔아요, 거의 새것");
    await post(bob, roomId, "Is the Bicycle still available?");
    await post(alice, roomId, "<b>not bold</b> 자전거 타기");
    await archive(roomId);

    const korean = (await search(bob, { q: "자전거" })).body;
    expect(bodies(korean)).toEqual(["<b>not bold</b> 자전거 타기", "자전거를 팔아요, 거의 새것"]);
    const first = korean.results[1];
    expect(first?.snippet).toBe("자전거를 팔아요, 거의 새것");
    expect(first?.highlights).toEqual([[0, 3]]);
    expect(first?.message).toMatchObject({ roomId, seq: 2, senderId: alice.user.id });

    const english = (await search(alice, { q: "bicycle" })).body;
    expect(bodies(english)).toEqual(["Is the Bicycle still available?"]);
    expect(english.results[0]?.highlights).toEqual([[7, 14]]);

    // Words must all match; short ones (under three characters) filter by substring.
    expect(bodies((await search(alice, { q: "자전거 팔아" })).body)).toEqual([
      "자전거를 팔아요, 거의 새것",
    ]);
    // Only short words: the caller's rooms are scanned.
    expect(bodies((await search(alice, { q: "새것" })).body)).toEqual([
      "자전거를 팔아요, 거의 새것",
    ]);
    // Query syntax is text, not operators.
    for (const q of ['"', "bold*", "NOT bold", "a OR b", "%", "_"]) {
      const result = await search(alice, { q });
      expect(result.status).toBe(200);
    }
    expect(bodies((await search(alice, { q: "<b>" })).body)).toEqual([
      "<b>not bold</b> 자전거 타기",
    ]);
  });

  it("never returns a message from a room the caller cannot see", async () => {
    const [alice, bob, carol, mallory] = await Promise.all([
      signUp(),
      signUp(),
      signUp(),
      signUp(),
    ]);
    const roomId = (await createGroup(alice.accessToken, "secret", [bob.user.id, carol.user.id]))
      .body.id;
    await post(alice, roomId, "launch code alpha");
    await call("DELETE", `/api/rooms/${roomId}/members/${carol.user.id}`, {
      token: alice.accessToken,
    });
    await post(alice, roomId, "launch code bravo");
    await archive(roomId);

    expect(bodies((await search(bob, { q: "launch" })).body)).toEqual([
      "launch code bravo",
      "launch code alpha",
    ]);
    // Removed: sees only what came before the removal.
    expect(bodies((await search(carol, { q: "launch" })).body)).toEqual(["launch code alpha"]);
    // Never a member: nothing, even naming the room.
    expect(bodies((await search(mallory, { q: "launch" })).body)).toEqual([]);
    expect(bodies((await search(mallory, { q: "la", roomId })).body)).toEqual([]);
    // Carol is added back: the room is hers again.
    await call("POST", `/api/rooms/${roomId}/members`, {
      token: alice.accessToken,
      body: { userIds: [carol.user.id] },
    });
    await archive(roomId);
    expect((await search(carol, { q: "launch" })).body.results).toHaveLength(2);
  });

  it("pages newest first without repeats, within one room when asked", async () => {
    const alice = await signUp();
    const roomId = (await createGroup(alice.accessToken, "apples", [])).body.id;
    const other = (await createGroup(alice.accessToken, "pears", [])).body.id;
    for (let i = 0; i < 23; i++) await post(alice, roomId, `apple number ${i}`);
    await post(alice, other, "apple elsewhere");
    await archive(roomId);
    await archive(other);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5; page++) {
      const params: Record<string, string> = { q: "apple", roomId, limit: "10" };
      if (cursor) params.cursor = cursor;
      const result: SearchPage = (await search(alice, params)).body;
      seen.push(...bodies(result));
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => `apple number ${22 - i}`));
    expect((await search(alice, { q: "apple" })).body.results).toHaveLength(20); // default page
  });

  it("is bounded in time: a message is searchable once its room's alarm has run", async () => {
    const alice = await signUp();
    const roomId = (await createGroup(alice.accessToken, "fresh", [])).body.id;
    await post(alice, roomId, "just now");
    expect((await search(alice, { q: "just now" })).body.results).toEqual([]);
    await archive(roomId);
    expect(bodies((await search(alice, { q: "just now" })).body)).toEqual(["just now"]);
  });

  it("follows edits and deletes made to archive rows (the shape later edits will use)", async () => {
    const alice = await signUp();
    const roomId = (await createGroup(alice.accessToken, "edits", [])).body.id;
    const seq = await post(alice, roomId, "orange bicycle for sale");
    const other = await post(alice, roomId, "blue scooter for sale");
    await archive(roomId);
    await env.DB.prepare(
      "UPDATE archive_messages SET body = ?, edited_at = ? WHERE room_id = ? AND seq = ?",
    )
      .bind("green bicycle for sale", Date.now(), roomId, seq)
      .run();
    expect(bodies((await search(alice, { q: "orange" })).body)).toEqual([]);
    expect(bodies((await search(alice, { q: "green bicycle" })).body)).toEqual([
      "green bicycle for sale",
    ]);
    await env.DB.prepare(
      "UPDATE archive_messages SET body = '', deleted_at = ? WHERE room_id = ? AND seq = ?",
    )
      .bind(Date.now(), roomId, other)
      .run();
    expect(bodies((await search(alice, { q: "sale" })).body)).toEqual(["green bicycle for sale"]);
  });

  it("refuses bad queries with validation_failed", async () => {
    const alice = await signUp();
    for (const params of <Record<string, string>[]>[
      {},
      { q: "" },
      { q: "   " },
      { q: "가".repeat(101) },
      { q: "a b c d e f g h i" },
      { q: "ok", limit: "0" },
      { q: "ok", limit: "51" },
      { q: "ok", cursor: "yesterday" },
      { q: "ok", roomId: "not-a-room" },
      { q: "ok", extra: "1" },
    ]) {
      const result = await search(alice, params);
      expect([result.status, errorCode(result)], JSON.stringify(params)).toEqual([
        400,
        "validation_failed",
      ]);
    }
    expect((await search(alice, { q: "가".repeat(100) })).status).toBe(200);
    expect((await search(alice, { q: "ok", limit: "50" })).status).toBe(200);
    const anonymous = await call("GET", "/api/search?q=hello");
    expect(anonymous.status).toBe(401);
  });
});
