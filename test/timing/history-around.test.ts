/**
 * A page around a seq in a room that keeps only its newest 10 messages (RETENTION_MESSAGES
 * 10, no age floor): around a message only the D1 archive holds, around the trim point
 * (part from D1, part from the room's object), and paged on from there both ways to seq 1
 * and the newest; a message the reader deleted for themselves, archived, comes hidden.
 */
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { AroundPage, AuthResult, HistoryPage } from "../../src/protocol";
import { call, createGroup, postMessage, signUp } from "../worker/helpers";
import { until } from "../worker/until";

const messagesOf = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}/messages`;

function get<T>(auth: AuthResult, roomId: string, query: string) {
  return call<T>("GET", `${messagesOf(roomId)}?${query}`, { token: auth.accessToken });
}

const seqs = (page: { messages: { seq: number }[] }) => page.messages.map((m) => m.seq);

describe("a page around a seq, across the two tiers", () => {
  it("comes from the archive, from both tiers at the trim point, and pages on to both ends", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const roomId = (await createGroup(alice.accessToken, "tiers", [bob.user.id])).body.id;
    for (let i = 2; i <= 32; i++) {
      const sent = await postMessage(alice.accessToken, roomId, `line ${i}`, `c${i}`);
      expect(sent.status).toBe(201);
    }
    const stub = () => env.CHAT_ROOM.get(env.CHAT_ROOM.idFromName(roomId));
    const inObject = () =>
      runInDurableObject(stub(), (_i, state) =>
        state.storage.sql
          .exec("SELECT seq FROM messages ORDER BY seq")
          .toArray()
          .map((r) => Number(r.seq)),
      );
    await until(
      async () => {
        await runDurableObjectAlarm(stub());
        return (await inObject()).length === 10;
      },
      { timeout: 15_000, what: "archive and trim" },
    );
    expect(await inObject()).toEqual(Array.from({ length: 10 }, (_, i) => 23 + i));

    // Only in the archive.
    const old = (await get<AroundPage>(bob, roomId, "around=10&limit=5")).body;
    expect(seqs(old)).toEqual([8, 9, 10, 11, 12]);
    expect(old.messages.map((m) => m.body)).toEqual([8, 9, 10, 11, 12].map((n) => `line ${n}`));
    expect(old).toMatchObject({ hasMoreBefore: true, hasMoreAfter: true });
    // Across the trim point: D1 up to 22, the object from 23.
    for (const around of [22, 23]) {
      const across = (await get<AroundPage>(bob, roomId, `around=${around}&limit=6`)).body;
      expect(seqs(across), `around ${around}`).toEqual(
        Array.from({ length: 6 }, (_, i) => around - 2 + i),
      );
      expect(across.messages.map((m) => m.body)).toEqual(seqs(across).map((n) => `line ${n}`));
    }

    // Paged on from the archive's page, back to seq 1 and forward to the newest.
    const all = seqs(old);
    for (let before = all[0]; before !== undefined; ) {
      const page = (await get<HistoryPage>(bob, roomId, `before=${before}&limit=3`)).body;
      all.unshift(...seqs(page));
      before = page.hasMore ? page.messages[0]?.seq : undefined;
    }
    for (let after = all.at(-1); after !== undefined; ) {
      const page = (await get<HistoryPage>(bob, roomId, `after=${after}&limit=7`)).body;
      all.push(...seqs(page));
      after = page.hasMore ? page.messages.at(-1)?.seq : undefined;
    }
    expect(all).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));

    // Deleted for Bob, from the archive: hidden in his page, whole in Alice's.
    const hid = await call("PUT", `${messagesOf(roomId)}/5/hidden`, { token: bob.accessToken });
    expect(hid.status).toBe(204);
    const his = (await get<AroundPage>(bob, roomId, "around=5&limit=3")).body.messages;
    expect(his.map((m) => [m.seq, m.hidden === true, m.body])).toEqual([
      [4, false, "line 4"],
      [5, true, ""],
      [6, false, "line 6"],
    ]);
    const hers = (await get<AroundPage>(alice, roomId, "around=5&limit=3")).body.messages;
    expect(hers.map((m) => m.body)).toEqual(["line 4", "line 5", "line 6"]);
  }, 60_000);
});
