/**
 * The web client's search and jump parts, pure: a snippet split into marked and plain
 * parts, a search paging through empty pages by itself, the rules of a window of history
 * around a message (pages added at either end, meeting the live run), and the store's
 * windows opened, paged and handed to the live run.
 */
import { describe, expect, it } from "vitest";
import type { RoomsApi } from "../../src/client";
import type { AroundPage, ChatMessage, HistoryPage, SearchPage } from "../../src/protocol";
import {
  type AroundWindow,
  holds,
  joined,
  opened,
  reachesLive,
  withLiveChanges,
  withNewer,
  withOlder,
} from "../../web/src/state/around";
import { Jumps } from "../../web/src/state/jumps";
import type { RoomState } from "../../web/src/state/room-state";
import { roomState } from "../../web/src/state/room-state";
import { Search, snippetParts } from "../../web/src/state/search";
import { inboxEntry, textMessage } from "../worker/messages";

const msg = (seq: number, body = `m${seq}`): ChatMessage =>
  textMessage(seq, { roomId: "grp:r", senderId: "u", body });
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => msg(from + i));
const seqs = (run: readonly ChatMessage[]) => run.map((m) => m.seq);
const around = (from: number, to: number, before: boolean, after: boolean): AroundPage => ({
  messages: range(from, to),
  hasMoreBefore: before,
  hasMoreAfter: after,
});
const page = (from: number, to: number, hasMore: boolean): HistoryPage => ({
  messages: from <= to ? range(from, to) : [],
  hasMore,
});

describe("snippetParts", () => {
  it("marks the ranges and leaves the rest plain, as text", () => {
    expect(snippetParts("sell the <b>bike</b> now", [[10, 14]])).toEqual([
      { text: "sell the <", mark: false },
      { text: "b>bi", mark: true },
      { text: "ke</b> now", mark: false },
    ]);
    expect(snippetParts("자전거를 팔아요", [[0, 3]])).toEqual([
      { text: "자전거", mark: true },
      { text: "를 팔아요", mark: false },
    ]);
  });

  it("clips, orders and merges ranges out of order, overlapping or past the end", () => {
    expect(
      snippetParts("abcdefgh", [
        [6, 99],
        [1, 3],
        [2, 4],
        [4, 5],
        [-3, 0],
        [5, 5],
      ]),
    ).toEqual([
      { text: "a", mark: false },
      { text: "bcde", mark: true },
      { text: "f", mark: false },
      { text: "gh", mark: true },
    ]);
    expect(snippetParts("plain", [])).toEqual([{ text: "plain", mark: false }]);
  });
});

describe("Search", () => {
  const hit = (seq: number) => ({ message: msg(seq), snippet: `m${seq}`, highlights: [] });

  it("pages by the cursor, through empty pages by itself, then waits for More results", async () => {
    const pages: SearchPage[] = [
      { results: [], nextCursor: "c1" },
      { results: [hit(9), hit(8)], nextCursor: "c2" },
      { results: [hit(3)], nextCursor: null },
    ];
    const asked: (string | null | undefined)[] = [];
    const search = new Search(
      {
        messages: async (q, options) => {
          expect(q).toBe("bike");
          expect(options?.roomId).toBe("grp:r");
          asked.push(options?.cursor);
          return pages.shift() as SearchPage;
        },
      },
      "bike",
      "grp:r",
      () => {},
    );
    await search.next();
    expect(asked).toEqual([null, "c1"]);
    expect(search.state.results.map((r) => r.message.seq)).toEqual([9, 8]);
    expect(search.state.more).toBe(true);
    await search.next();
    expect(asked).toEqual([null, "c1", "c2"]);
    expect(search.state.results.map((r) => r.message.seq)).toEqual([9, 8, 3]);
    expect(search.state).toMatchObject({ more: false, loading: false, done: true });
    await search.next(); // nothing more to ask
    expect(asked).toHaveLength(3);
  });

  it("keeps the error, and hears nothing once stopped", async () => {
    const failing = new Search(
      { messages: () => Promise.reject(new Error("down")) },
      "x",
      null,
      () => {},
    );
    await failing.next();
    expect(failing.state).toMatchObject({ loading: false, done: false });
    expect(failing.state.error).toBeInstanceOf(Error);
    let answer: (page: SearchPage) => void = () => {};
    const stopped = new Search(
      { messages: () => new Promise<SearchPage>((resolve) => (answer = resolve)) },
      "x",
      null,
      () => {},
    );
    const asking = stopped.next();
    stopped.stop();
    answer({ results: [hit(1)], nextCursor: null });
    await asking;
    expect(stopped.state.results).toEqual([]);
  });
});

describe("a window around a message", () => {
  it("adds older and newer pages only where they meet its ends", () => {
    let w = opened(20, around(10, 30, true, true));
    expect(w).toMatchObject({ target: 20, hasMoreBefore: true, hasMoreAfter: true });
    w = withOlder(w, page(5, 9, true));
    expect(seqs(w.messages)).toEqual(range(5, 30).map((m) => m.seq));
    expect(w.hasMoreBefore).toBe(true);
    w = withOlder(w, page(1, 4, false));
    expect(w.messages[0]?.seq).toBe(1);
    expect(w.hasMoreBefore).toBe(false);
    // A page that does not reach the window (a gap) changes nothing.
    const gap = withNewer(w, page(33, 40, true));
    expect(gap).toBe(w);
    expect(
      withOlder(opened(20, around(10, 30, true, true)), page(2, 7, true)).messages[0]?.seq,
    ).toBe(10);
    w = withNewer(w, page(31, 40, false));
    expect(w.messages.at(-1)?.seq).toBe(40);
    expect(w.hasMoreAfter).toBe(false);
    // Repeats of what it holds are dropped.
    expect(seqs(withNewer(w, page(38, 41, false)).messages).slice(-4)).toEqual([38, 39, 40, 41]);
  });

  it("meets the live run when it touches it, or when nothing is newer on either side", () => {
    const w: AroundWindow = opened(20, around(10, 30, true, true));
    expect(reachesLive(w, range(40, 60))).toBe(false);
    expect(reachesLive(w, range(31, 60))).toBe(true);
    expect(reachesLive(w, range(25, 60))).toBe(true);
    // Nothing after it when it was paged, and the live run holds nothing newer.
    const end = { ...w, hasMoreAfter: false };
    expect(reachesLive(end, [])).toBe(true);
    expect(reachesLive(end, range(2, 5))).toBe(true);
    // But a live run that went on past a gap: page on to it first.
    expect(reachesLive(end, range(40, 45))).toBe(false);
    expect(reachesLive(w, [])).toBe(false);
  });

  it("joins into one run from its first message to the newest, the live copies winning", () => {
    const w = opened(20, around(10, 30, true, true));
    const live = [msg(29, "edited"), ...range(30, 35)];
    const run = joined(w, live);
    expect(seqs(run)).toEqual(range(10, 35).map((m) => m.seq));
    expect(run.find((m) => m.seq === 29)?.body).toBe("edited");
    expect(holds(run, 10) && holds(run, 35)).toBe(true);
    expect(holds(run, 9) || holds(run, 36) || holds([], 1)).toBe(false);
  });
});

describe("a window and the changes heard live", () => {
  it("shows an edit of one of its messages that came to the live run meanwhile", () => {
    const w = opened(20, around(10, 30, true, true));
    const edit: ChatMessage = {
      ...msg(61, ""),
      kind: "edit",
      senderId: "u",
      target: 15,
      body: "edited later",
    };
    const shown = withLiveChanges(w, [...range(55, 60), edit]);
    expect(seqs(shown)).toEqual(seqs(w.messages));
    expect(shown.find((m) => m.seq === 15)).toMatchObject({ body: "edited later", version: 61 });
    expect(w.messages.find((m) => m.seq === 15)?.body).toBe("m15");
    // Nothing about its messages: the window's own array.
    expect(withLiveChanges(w, range(55, 60))).toBe(w.messages);
  });
});

describe("Jumps", () => {
  function setup(live: ChatMessage[]) {
    const rooms = new Map<string, RoomState>([
      ["grp:r", roomState(inboxEntry({ id: "grp:r" }), live)],
    ]);
    const asked: string[] = [];
    const api = {
      around: async (_roomId: string, seq: number) => {
        asked.push(`around ${seq}`);
        return around(seq - 14, seq + 15, true, true);
      },
      history: async (_roomId: string, q: { before?: number; after?: number }) => {
        asked.push(q.before ? `before ${q.before}` : `after ${q.after}`);
        if (q.before) return page(Math.max(1, q.before - 30), q.before - 1, q.before > 31);
        const after = q.after ?? 0;
        return page(after + 1, Math.min(after + 30, 200), after + 30 < 200);
      },
    } as unknown as RoomsApi;
    const jumps = new Jumps({ api, rooms, want: () => {}, changed: () => {} });
    return { jumps, rooms, asked };
  }

  it("opens a window, pages it both ways, and hands it to the live run where they meet", async () => {
    const { jumps, rooms, asked } = setup(range(151, 200));
    await jumps.open("grp:r", 50);
    const w = jumps.window("grp:r");
    expect(w?.messages[0]?.seq).toBe(36);
    expect(w?.messages.at(-1)?.seq).toBe(65);
    await jumps.older("grp:r");
    expect(jumps.window("grp:r")?.messages[0]?.seq).toBe(6);
    await jumps.older("grp:r");
    expect(jumps.window("grp:r")).toMatchObject({ hasMoreBefore: false });
    await jumps.older("grp:r"); // nothing before the first
    await jumps.newer("grp:r");
    await jumps.newer("grp:r");
    expect(jumps.window("grp:r")?.messages.at(-1)?.seq).toBe(125);
    await jumps.newer("grp:r"); // 126..155 touches the live run at 151
    expect(jumps.window("grp:r")).toBeNull();
    expect(seqs(rooms.get("grp:r")?.messages ?? [])).toEqual(range(1, 200).map((m) => m.seq));
    expect(asked).toEqual([
      "around 50",
      "before 36",
      "before 6",
      "after 65",
      "after 95",
      "after 125",
    ]);
  });

  it("needs no window for a message the live run holds, and lets a window go", async () => {
    const { jumps, asked } = setup(range(151, 200));
    await jumps.open("grp:r", 160);
    expect(jumps.window("grp:r")).toBeNull();
    expect(asked).toEqual([]);
    await jumps.open("grp:r", 20);
    expect(jumps.window("grp:r")).not.toBeNull();
    jumps.hidden("grp:r", 21);
    expect(jumps.window("grp:r")?.messages.find((m) => m.seq === 21)).toMatchObject({
      hidden: true,
      body: "",
    });
    jumps.leave("grp:r");
    expect(jumps.window("grp:r")).toBeNull();
  });
});
