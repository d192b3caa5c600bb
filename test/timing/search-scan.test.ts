/**
 * Search paging with SEARCH_SCAN_MAX 5: many rows of one millisecond, in the caller's room
 * and in a room they are not in, cross scan boundaries; paging on through pages that come
 * back short or empty finds each of the caller's messages once, in time order.
 */
import { describe, expect, it } from "vitest";
import type { SearchPage } from "../../src/protocol";
import { archiveNow, type Timed, timedRoom } from "../worker/archived-room";
import { call, signUp } from "../worker/helpers";

async function everyHit(token: string, q: string, roomId?: string) {
  const found: { body: string; at: number }[] = [];
  let cursor: string | null = null;
  let empty = 0;
  for (let pages = 0; pages < 100; pages++) {
    const params = new URLSearchParams({ q, limit: "3", ...(roomId ? { roomId } : {}) });
    if (cursor) params.set("cursor", cursor);
    const page = (await call<SearchPage>("GET", `/api/search?${params}`, { token })).body;
    if (page.results.length === 0) empty += 1;
    found.push(...page.results.map((r) => ({ body: r.message.body, at: r.message.createdAt })));
    cursor = page.nextCursor;
    if (!cursor) return { found, empty };
  }
  throw new Error("search did not end in 100 pages");
}

describe("search with a small scan per page", () => {
  it("finds every message of one millisecond once, across scan and page boundaries", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const t = Date.now() - 60_000;
    const at = (n: number, room: string, when: number): Timed[] =>
      Array.from({ length: n }, (_, i) => ({ at: when, body: `pear ${room} ${i}` }));
    const mine = await timedRoom(alice.user.id, [
      ...at(1, "old", t - 1),
      ...at(12, "mine", t),
      ...at(1, "new", t + 1),
    ]);
    const theirs = await timedRoom(bob.user.id, at(12, "theirs", t));
    await archiveNow(mine);
    await archiveNow(theirs); // the same millisecond, archived after: scanned first
    const { found, empty } = await everyHit(alice.accessToken, "pear");
    expect(empty).toBeGreaterThan(0);
    expect(found.map((f) => f.body).sort()).toEqual(
      [...at(1, "old", t - 1), ...at(12, "mine", t), ...at(1, "new", t + 1)]
        .map((m) => m.body)
        .sort(),
    );
    expect(found.map((f) => f.at)).toEqual([...found.map((f) => f.at)].sort((a, b) => b - a));
    // Short words go through the room's own rows, with the same result.
    const short = await everyHit(alice.accessToken, "pe", mine);
    expect(short.found).toEqual(found);
  }, 60_000);
});
