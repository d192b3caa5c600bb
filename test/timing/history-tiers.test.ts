/**
 * History that never ends, through the worker with a small retention window
 * (RETENTION_MESSAGES 10, no age floor, archive runs of 20 in D1 batches of 7): every message
 * is reachable by paging back to seq 1 and forward from 0, the room's object keeps only the
 * window, D1 keeps all, and another alarm run changes nothing.
 */
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { HistoryPage, SearchPage } from "../../src/protocol";
import { call, createGroup, postMessage, signUp } from "../worker/helpers";
import { until } from "../worker/sdk";

describe("two tiers of history", () => {
  it("page across the boundary to seq 1, with the object holding only the window", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const roomId = (await createGroup(alice.accessToken, "long", [bob.user.id])).body.id;
    for (let i = 1; i <= 45; i++) {
      const token = i % 2 ? alice.accessToken : bob.accessToken;
      const sent = await postMessage(token, roomId, `line ${i}`, `c${i}`);
      expect(sent.status).toBe(201);
    }
    const stub = () => env.CHAT_ROOM.get(env.CHAT_ROOM.idFromName(roomId));
    const inObject = () =>
      runInDurableObject(stub(), (_i, state) =>
        state.storage.sql
          .exec("SELECT seq FROM messages ORDER BY seq")
          .toArray()
          .map((r) => r.seq),
      );
    const inD1 = async () =>
      (
        await env.DB.prepare(
          "SELECT seq, body FROM archive_messages WHERE room_id = ? ORDER BY seq",
        )
          .bind(roomId)
          .all<{ seq: number; body: string }>()
      ).results;
    await until(
      async () => {
        await runDurableObjectAlarm(stub());
        return (await inD1()).length === 46 && (await inObject()).length === 10;
      },
      15_000,
      "archive and trim",
    );
    expect(await inObject()).toEqual(Array.from({ length: 10 }, (_, i) => 37 + i));

    const seqsOf = (page: HistoryPage) => page.messages.map((m) => m.seq);
    const back: number[] = [];
    let before: number | undefined;
    for (;;) {
      const query = before === undefined ? "limit=7" : `limit=7&before=${before}`;
      const page = (
        await call<HistoryPage>("GET", `/api/rooms/${roomId}/messages?${query}`, {
          token: bob.accessToken,
        })
      ).body;
      const seqs = seqsOf(page);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      back.unshift(...seqs);
      if (!page.hasMore) break;
      before = seqs[0];
    }
    expect(back).toEqual(Array.from({ length: 46 }, (_, i) => i + 1));
    const forward: number[] = [];
    let after = 0;
    for (;;) {
      const page = (
        await call<HistoryPage>("GET", `/api/rooms/${roomId}/messages?after=${after}&limit=9`, {
          token: alice.accessToken,
        })
      ).body;
      forward.push(...seqsOf(page));
      if (!page.hasMore) break;
      after = forward.at(-1) ?? after;
    }
    expect(forward).toEqual(back);
    // A page across the boundary (D1 up to 36, the object from 37) is whole and in order.
    const across = (
      await call<HistoryPage>("GET", `/api/rooms/${roomId}/messages?before=40&limit=6`, {
        token: alice.accessToken,
      })
    ).body;
    expect(across).toMatchObject({ hasMore: true });
    expect(across.messages.map((m) => m.body)).toEqual(
      [34, 35, 36, 37, 38, 39].map((n) => `line ${n - 1}`),
    );

    const d1 = await inD1();
    const kept = await inObject();
    await runDurableObjectAlarm(stub());
    await new Promise((r) => setTimeout(r, 1_200));
    await runDurableObjectAlarm(stub());
    expect(await inD1()).toEqual(d1);
    expect(await inObject()).toEqual(kept);

    // Old messages, gone from the object, are still found by search (paging on: each page
    // examines SEARCH_SCAN_MAX candidates).
    const seqs = await searchAll(bob.accessToken, "line 3");
    expect(seqs).toContain(4);
  }, 60_000);
});

/** Every hit of a search, following cursors through pages that may be empty. */
async function searchAll(token: string, q: string, roomId?: string): Promise<number[]> {
  const seqs: number[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const params = new URLSearchParams({ q, ...(roomId ? { roomId } : {}) });
    if (cursor) params.set("cursor", cursor);
    const page: SearchPage = (await call<SearchPage>("GET", `/api/search?${params}`, { token }))
      .body;
    seqs.push(...page.results.map((r) => r.message.seq));
    cursor = page.nextCursor;
    if (!cursor) return seqs;
  }
  throw new Error("search did not finish in 100 pages");
}

describe("search with a small scan per page", () => {
  it("finds everything by paging, through pages that come back empty", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const mine = (await createGroup(alice.accessToken, "mine", [])).body.id;
    const theirs = (await createGroup(bob.accessToken, "theirs", [])).body.id;
    const post = (token: string, roomId: string, body: string) =>
      call("POST", `/api/rooms/${roomId}/messages`, {
        token,
        body: { clientMsgId: crypto.randomUUID(), body },
      });
    for (let i = 0; i < 12; i++) await post(alice.accessToken, mine, `apple ${i}`);
    for (let i = 0; i < 12; i++) await post(bob.accessToken, theirs, `apple pie ${i}`);
    for (const roomId of [mine, theirs]) {
      const stub = env.CHAT_ROOM.get(env.CHAT_ROOM.idFromName(roomId));
      await until(
        async () => {
          await runDurableObjectAlarm(stub);
          const n = await env.DB.prepare(
            "SELECT COUNT(*) AS n FROM archive_messages WHERE room_id = ?",
          )
            .bind(roomId)
            .first<{ n: number }>();
          return n?.n === 13;
        },
        10_000,
        "archived",
      );
    }
    // Bob's room was archived last, so Alice's first pages scan only his rows: empty, with
    // a cursor. Paging on finds all of hers, newest first, and none of his.
    const first = (
      await call<SearchPage>("GET", "/api/search?q=apple", { token: alice.accessToken })
    ).body;
    expect(first.results).toEqual([]);
    expect(first.nextCursor).not.toBeNull();
    expect(await searchAll(alice.accessToken, "apple")).toEqual(
      Array.from({ length: 12 }, (_, i) => 13 - i),
    );
    // Only short words, within one room: the room's newest rows, page by page.
    expect(await searchAll(alice.accessToken, "ap", mine)).toHaveLength(12);
    expect(await searchAll(alice.accessToken, "ap", theirs)).toEqual([]);
  }, 60_000);
});
