/**
 * Search text through the worker and real D1: control characters in a query, and case
 * folding that is the same for long words, short words and the highlights, in any script.
 */
import { describe, expect, it } from "vitest";
import type { AuthResult, SearchHit, SearchPage } from "../../src/protocol";
import { archiveNow, timedRoom } from "./archived-room";
import { call, errorCode, signUp } from "./helpers";

async function search(auth: AuthResult, q: string, roomId?: string) {
  const params = new URLSearchParams({ q, ...(roomId ? { roomId } : {}) });
  return call<SearchPage>("GET", `/api/search?${params}`, { token: auth.accessToken });
}

/** Each hit as its body and the parts of its snippet that are marked. */
const marked = (page: SearchPage) =>
  page.results.map((hit: SearchHit) => [
    hit.message.body,
    hit.highlights.map(([from, to]) => hit.snippet.slice(from, to)),
  ]);

describe("search text", () => {
  it("refuses control characters in q, and takes tabs and line breaks as spaces", async () => {
    const alice = await signUp();
    const t = Date.now() - 60_000;
    const roomId = await timedRoom(alice.user.id, [{ at: t, body: "apple pie, warm" }]);
    await archiveNow(roomId);
    for (const q of ["a\u0000b", "apple\u0000pie", "\u0000", "pie\u0007", "x\u007F", "\u009B1"]) {
      const result = await search(alice, q);
      expect([result.status, errorCode(result)], JSON.stringify(q)).toEqual([
        400,
        "validation_failed",
      ]);
    }
    for (const q of ["apple\tpie", "pie\r\napple", "warm\u3000pie"]) {
      const result = await search(alice, q);
      expect(result.status, JSON.stringify(q)).toBe(200);
      expect(marked(result.body)).toEqual([["apple pie, warm", expect.any(Array)]]);
    }
  });

  it("folds case in every script, the same for long words, short words and highlights", async () => {
    const alice = await signUp();
    const t = Date.now() - 60_000;
    const roomId = await timedRoom(alice.user.id, [
      { at: t + 1, body: "Öl und Essig" },
      { at: t + 2, body: "die Straße hinunter" },
      { at: t + 3, body: "İstanbul'da bir kedi gördüm, KEDİ" },
      { at: t + 4, body: "ΟΔΟΣ ΑΘΗΝΑΣ" },
      { at: t + 5, body: "Ёлка и ёж" },
    ]);
    await archiveNow(roomId);
    const cases: [string, [string, string[]][]][] = [
      ["öl", [["Öl und Essig", ["Öl"]]]],
      ["ÖL", [["Öl und Essig", ["Öl"]]]],
      ["STRASSE", [["die Straße hinunter", ["Straße"]]]],
      // ß is ss: Essig has it too.
      [
        "ß",
        [
          ["die Straße hinunter", ["ß"]],
          ["Öl und Essig", ["ss"]],
        ],
      ],
      ["kedi", [["İstanbul'da bir kedi gördüm, KEDİ", ["kedi", "KEDİ"]]]],
      ["istanbul", [["İstanbul'da bir kedi gördüm, KEDİ", ["İstanbul"]]]],
      ["οδος", [["ΟΔΟΣ ΑΘΗΝΑΣ", ["ΟΔΟΣ"]]]],
      ["ёж", [["Ёлка и ёж", ["ёж"]]]],
      ["ЁЛ", [["Ёлка и ёж", ["Ёл"]]]],
    ];
    for (const [q, expected] of cases) {
      const result = await search(alice, q);
      expect(result.status, q).toBe(200);
      expect(marked(result.body), q).toEqual(expected);
      // The same through the room's own rows (short words) and the index (long ones).
      expect(marked((await search(alice, q, roomId)).body), `${q} in room`).toEqual(expected);
    }
  });

  it("finds words after a NUL in a message", async () => {
    const alice = await signUp();
    const roomId = await timedRoom(alice.user.id, [
      { at: Date.now() - 1000, body: "before\u0000after it" },
    ]);
    await archiveNow(roomId);
    expect(marked((await search(alice, "after")).body)).toEqual([
      ["before\u0000after it", ["after"]],
    ]);
    expect(marked((await search(alice, "it", roomId)).body)).toEqual([
      ["before\u0000after it", ["it"]],
    ]);
  });
});
