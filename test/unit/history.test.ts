import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../src/protocol";
import {
  aroundPage,
  type HistorySources,
  historyPage,
  type SeqRange,
} from "../../src/room/history";
import { textMessage } from "../worker/messages";

const message = (seq: number): ChatMessage => textMessage(seq, { roomId: "grp:h" });

function pick(all: ChatMessage[], r: SeqRange): ChatMessage[] {
  const inRange = all.filter((m) => m.seq > r.afterSeq && m.seq < r.beforeSeq);
  return (r.order === "asc" ? inRange : inRange.reverse()).slice(0, r.limit);
}

/** Two tiers over seqs 1..last: D1 holds all, the object holds what is above `trimmedTo`. */
function tiers(last: number, trimmedTo: number, onArchiveRead?: () => void): HistorySources {
  let local = Array.from({ length: last - trimmedTo }, (_, i) => message(trimmedTo + 1 + i));
  const archive = Array.from({ length: last }, (_, i) => message(i + 1));
  return {
    trimmedTo,
    local: (r) => pick(local, r),
    archived: async (r) => {
      onArchiveRead?.();
      // A trim running while D1 answers: the object drops more rows.
      local = local.filter((m) => m.seq > trimmedTo + 5);
      return pick(archive, r);
    },
  };
}

function expected(last: number, q: { before?: number; after?: number; limit: number }) {
  const all = Array.from({ length: last }, (_, i) => i + 1);
  if (q.after !== undefined) {
    const rest = all.filter((s) => s > (q.after ?? 0));
    return { seqs: rest.slice(0, q.limit), hasMore: rest.length > q.limit };
  }
  const rest = all.filter((s) => s < (q.before ?? Number.MAX_SAFE_INTEGER));
  return { seqs: rest.slice(-q.limit), hasMore: rest.length > q.limit };
}

describe("history across the trim point", () => {
  it("matches one ordered list for every query, even when a trim runs mid-read", async () => {
    for (const last of [0, 1, 7, 30]) {
      for (const trimmedTo of [0, 1, Math.floor(last / 2), Math.max(0, last - 1)]) {
        if (trimmedTo > last) continue;
        for (const limit of [1, 3, 10]) {
          const queries = [
            {},
            ...[1, 2, trimmedTo, trimmedTo + 1, last, last + 1].map((b) => ({ before: b })),
            ...[0, 1, trimmedTo - 1, trimmedTo, last, last + 3].map((a) => ({ after: a })),
          ];
          for (const q of queries) {
            const page = await historyPage(tiers(last, trimmedTo), { ...q, limit });
            const want = expected(last, { ...q, limit });
            const label = JSON.stringify({ last, trimmedTo, limit, q });
            expect(
              page.messages.map((m) => m.seq),
              label,
            ).toEqual(want.seqs);
            expect(page.hasMore, label).toBe(want.hasMore);
          }
        }
      }
    }
  });

  it("does not ask D1 when the object holds the whole page", async () => {
    let reads = 0;
    const sources = tiers(30, 10, () => reads++);
    await historyPage(sources, { limit: 5 });
    await historyPage(sources, { after: 20, limit: 5 });
    expect(reads).toBe(0);
    await historyPage(sources, { before: 13, limit: 5 });
    expect(reads).toBe(1);
  });
});

/** The page around `around` as one list says it: half before, the rest from it on, filled. */
function expectedAround(last: number, around: number, limit: number) {
  const all = Array.from({ length: last }, (_, i) => i + 1);
  const older = all.filter((s) => s < around);
  const newer = all.filter((s) => s >= around);
  let takeOlder = Math.min(older.length, Math.floor((limit - 1) / 2));
  const takeNewer = Math.min(newer.length, limit - takeOlder);
  takeOlder = Math.min(older.length, limit - takeNewer);
  const seqs = [...older.slice(older.length - takeOlder), ...newer.slice(0, takeNewer)];
  return {
    seqs,
    hasMoreBefore: older.length > takeOlder,
    hasMoreAfter: newer.length > takeNewer,
  };
}

describe("a page around a seq", () => {
  it("holds the seq with the messages on both sides, across the trim point, even when a trim runs mid-read", async () => {
    for (const last of [0, 1, 2, 7, 30]) {
      for (const trimmedTo of [0, 1, Math.floor(last / 2), Math.max(0, last - 1)]) {
        if (trimmedTo > last) continue;
        for (const limit of [1, 2, 3, 10, 31]) {
          const arounds = [1, 2, trimmedTo, trimmedTo + 1, Math.ceil(last / 2), last, last + 1];
          for (const around of arounds.filter((a) => a >= 1)) {
            const page = await aroundPage(tiers(last, trimmedTo), { around, limit });
            const want = expectedAround(last, around, limit);
            const label = JSON.stringify({ last, trimmedTo, limit, around });
            expect(
              page.messages.map((m) => m.seq),
              label,
            ).toEqual(want.seqs);
            expect(page.hasMoreBefore, label).toBe(want.hasMoreBefore);
            expect(page.hasMoreAfter, label).toBe(want.hasMoreAfter);
          }
        }
      }
    }
  });

  it("splits an even page one more on the newer side, and fills a short side from the other", async () => {
    const seqs = async (around: number, limit: number) =>
      (await aroundPage(tiers(40, 20), { around, limit })).messages.map((m) => m.seq);
    expect(await seqs(25, 6)).toEqual([23, 24, 25, 26, 27, 28]);
    expect(await seqs(25, 5)).toEqual([23, 24, 25, 26, 27]);
    expect(await seqs(39, 6)).toEqual([35, 36, 37, 38, 39, 40]);
    expect(await seqs(2, 6)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
