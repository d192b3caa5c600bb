/**
 * Search order and paging: newest first by the time a message was sent, whatever order rooms
 * archived in; pages that never repeat or skip a message, through ties and through messages
 * archived between pages; and cursors that only this server gives, for this search.
 */
import { describe, expect, it } from "vitest";
import type { AuthResult, SearchPage } from "../../src/protocol";
import { archiveNow, timedRoom } from "./archived-room";
import { call, errorCode, signUp } from "./helpers";

async function search(auth: AuthResult, params: Record<string, string>) {
  return call<SearchPage>("GET", `/api/search?${new URLSearchParams(params)}`, {
    token: auth.accessToken,
  });
}

const bodies = (page: SearchPage) => page.results.map((r) => r.message.body);

/** Every page of a search, as the bodies of each page. */
async function pages(auth: AuthResult, params: Record<string, string>): Promise<string[][]> {
  const out: string[][] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const result = await search(auth, { ...params, ...(cursor ? { cursor } : {}) });
    expect(result.status).toBe(200);
    out.push(bodies(result.body));
    cursor = result.body.nextCursor;
    if (!cursor) return out;
  }
  throw new Error("search did not end in 50 pages");
}

describe("search order", () => {
  it("is newest first by send time, not by the order rooms archived in", async () => {
    const alice = await signUp();
    const t = Date.now() - 60_000;
    const early = await timedRoom(alice.user.id, [
      { at: t + 1, body: "kiwi 1" },
      { at: t + 3, body: "kiwi 3" },
    ]);
    const late = await timedRoom(alice.user.id, [
      { at: t + 2, body: "kiwi 2" },
      { at: t + 4, body: "kiwi 4" },
    ]);
    await archiveNow(late);
    await archiveNow(early); // archived last, holding older messages
    for (const q of ["kiwi", "ki"]) {
      expect(bodies((await search(alice, { q })).body), q).toEqual([
        "kiwi 4",
        "kiwi 3",
        "kiwi 2",
        "kiwi 1",
      ]);
    }
  });

  it("pages through messages of one time, across rooms, each exactly once", async () => {
    const alice = await signUp();
    const t = Date.now() - 60_000;
    const same = (room: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({ at: t, body: `plum ${room}${i}` }));
    const a = await timedRoom(alice.user.id, [...same("a", 3), { at: t + 1, body: "plum newest" }]);
    const b = await timedRoom(alice.user.id, [{ at: t - 1, body: "plum oldest" }, ...same("b", 4)]);
    await archiveNow(a);
    await archiveNow(b);
    for (const limit of ["1", "2", "3"]) {
      const seen = (await pages(alice, { q: "plum", limit })).flat();
      expect(seen[0], limit).toBe("plum newest");
      expect(seen.at(-1), limit).toBe("plum oldest");
      const every = [...same("a", 3), ...same("b", 4)].map((m) => m.body);
      expect([...seen].sort(), limit).toEqual(["plum newest", "plum oldest", ...every].sort());
    }
    // Within one time, a room's messages come newest seq first.
    const all = (await pages(alice, { q: "plum", limit: "50" })).flat();
    expect(all.filter((s) => s.startsWith("plum a"))).toEqual(["plum a2", "plum a1", "plum a0"]);
  });

  it("shows on a later page a message archived meanwhile that is older than the page", async () => {
    const alice = await signUp();
    const t = Date.now() - 60_000;
    const first = await timedRoom(alice.user.id, [
      { at: t + 2, body: "fig 2" },
      { at: t + 4, body: "fig 4" },
      { at: t + 6, body: "fig 6" },
    ]);
    await archiveNow(first);
    const page1 = (await search(alice, { q: "fig", limit: "2" })).body;
    expect(bodies(page1)).toEqual(["fig 6", "fig 4"]);
    const later = await timedRoom(alice.user.id, [
      { at: t + 1, body: "fig 1" },
      { at: t + 3, body: "fig 3" },
      { at: t + 5, body: "fig 5" }, // newer than where the reader is: not on a later page
    ]);
    await archiveNow(later);
    const cursor = page1.nextCursor ?? "";
    const page2 = (await search(alice, { q: "fig", limit: "2", cursor })).body;
    expect(bodies(page2)).toEqual(["fig 3", "fig 2"]);
    const page3 = (await search(alice, { q: "fig", limit: "2", cursor: page2.nextCursor ?? "" }))
      .body;
    expect(bodies(page3)).toEqual(["fig 1"]);
    expect(page3.nextCursor).toBeNull();
  });
});

describe("search cursors", () => {
  it("are only those this server gave, for this caller and this search", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const t = Date.now() - 60_000;
    const roomId = await timedRoom(alice.user.id, [
      { at: t + 1, body: "lime one" },
      { at: t + 2, body: "lime two" },
    ]);
    await archiveNow(roomId);
    const first = (await search(alice, { q: "lime", limit: "1" })).body;
    const cursor = first.nextCursor ?? "";
    expect(bodies((await search(alice, { q: "lime", limit: "1", cursor })).body)).toEqual([
      "lime one",
    ]);
    // Folding makes the same search: its cursor serves.
    expect((await search(alice, { q: "LIME", limit: "1", cursor })).status).toBe(200);
    const [key = "", mac = ""] = cursor.split(".");
    const flipped = `${mac[0] === "A" ? "B" : "A"}${mac.slice(1)}`;
    const refused: [AuthResult, Record<string, string>][] = [
      [alice, { q: "lime", cursor: "99999999999999999" }],
      [alice, { q: "lime", cursor: `${BigInt(key) + 1n}.${mac}` }],
      [alice, { q: "lime", cursor: `${key}.${flipped}` }],
      [alice, { q: "lime", cursor: `${key}.${mac}=` }],
      [alice, { q: "lime one", cursor }],
      [alice, { q: "lime", roomId, cursor }],
      [bob, { q: "lime", cursor }],
    ];
    for (const [who, params] of refused) {
      const result = await search(who, params);
      expect([result.status, errorCode(result)], JSON.stringify(params)).toEqual([
        400,
        "validation_failed",
      ]);
    }
  });
});
