/**
 * The web client's replies, their pure parts: a quote's one-line excerpt, the message each
 * room's composer replies to (kept per room, like a draft), and the quoted messages, from the
 * client's own copy or loaded one at a time into a small cache of their own.
 */
import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../src/protocol";
import { EXCERPT_MAX, excerpt } from "../../web/src/state/excerpt";
import { type QuoteSource, QuoteTargets } from "../../web/src/state/quote-targets";
import { ReplyDrafts } from "../../web/src/state/reply-drafts";
import { messageAt } from "../../web/src/state/timeline";
import { textMessage } from "../worker/messages";

const msg = (seq: number, roomId = "grp:r"): ChatMessage =>
  textMessage(seq, { roomId, senderId: "ann" });

describe("a quote's excerpt", () => {
  it("is the text on one line, its spacing folded", () => {
    expect(excerpt("  coffee\n\nat   ten?\t ")).toBe("coffee at ten?");
    expect(excerpt("📷 Photo")).toBe("📷 Photo");
  });

  it("is cut to the limit with an ellipsis, never inside a character", () => {
    const long = "a".repeat(EXCERPT_MAX + 5);
    expect(excerpt(long)).toBe(`${"a".repeat(EXCERPT_MAX - 1)}…`);
    expect(excerpt("a".repeat(EXCERPT_MAX))).toBe("a".repeat(EXCERPT_MAX));
    // Korean syllables, and emoji of two code units or several code points, count as one.
    expect(excerpt("안녕하세요 반가워요", 6)).toBe("안녕하세요…");
    const family = "👨‍👩‍👧";
    expect(excerpt(`${family.repeat(10)}`, 4)).toBe(`${family.repeat(3)}…`);
    expect(excerpt("😀".repeat(10), 10)).toBe("😀".repeat(10));
    // No space left before the ellipsis.
    expect(excerpt("one two three", 5)).toBe("one…");
  });
});

describe("the message a room's composer replies to", () => {
  it("is kept per room, replaced by a new choice, and taken once when sent", () => {
    let changes = 0;
    const drafts = new ReplyDrafts(() => changes++);
    drafts.start(msg(3, "grp:a"));
    drafts.start(msg(8, "grp:b"));
    drafts.start(msg(5, "grp:a")); // chosen again in the same room: the newer choice
    expect(drafts.get("grp:a")?.seq).toBe(5);
    expect(drafts.get("grp:b")?.seq).toBe(8);
    expect(changes).toBe(3);

    expect(drafts.take("grp:a")).toBe(5);
    expect(drafts.get("grp:a")).toBeUndefined();
    expect(drafts.take("grp:a")).toBeUndefined(); // sent: the next message is no reply
    expect(drafts.get("grp:b")?.seq).toBe(8); // another room's is left alone

    drafts.cancel("grp:b");
    expect(drafts.get("grp:b")).toBeUndefined();
    const before = changes;
    drafts.cancel("grp:b"); // nothing to cancel: nothing changed
    expect(changes).toBe(before);
  });
});

describe("a run's message by seq", () => {
  it("is found in the run, and nothing outside it", () => {
    const run = [msg(4), msg(5), msg(6)];
    expect(messageAt(run, 5)).toBe(run[1]);
    expect(messageAt(run, 3)).toBeUndefined();
    expect(messageAt(run, 7)).toBeUndefined();
    expect(messageAt([], 1)).toBeUndefined();
  });
});

/** A source of quotes over a fixed room history, recording what it was asked. */
function source(held: ChatMessage[], history: ChatMessage[]) {
  const asked: { roomId: string; after: number; limit: number }[] = [];
  let fail = false;
  let changes = 0;
  const answers: (() => void)[] = [];
  const src: QuoteSource = {
    held: (roomId, seq) => held.find((m) => m.roomId === roomId && m.seq === seq),
    history: (roomId, after, limit) => {
      asked.push({ roomId, after, limit });
      if (fail) return Promise.reject(new Error("offline"));
      const page = history.filter((m) => m.roomId === roomId && m.seq > after).slice(0, limit);
      return new Promise((resolve) => answers.push(() => resolve(page)));
    },
    changed: () => changes++,
  };
  return {
    src,
    asked,
    changes: () => changes,
    failing: (on: boolean) => {
      fail = on;
    },
    /** Answers every request made so far. */
    answer: async () => {
      for (const answer of answers.splice(0)) answer();
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
}

describe("a reply's quoted message", () => {
  it("is the client's own copy when it holds one, asking nothing", async () => {
    const s = source([msg(4)], []);
    const quotes = new QuoteTargets(s.src);
    expect(quotes.of("grp:r", 4)).toEqual({ status: "held", message: msg(4) });
    await quotes.load("grp:r", 4);
    expect(s.asked).toEqual([]);
  });

  it("is not loaded until asked, then loaded as the one message at its seq, once", async () => {
    const s = source([], [msg(1), msg(2), msg(3)]);
    const quotes = new QuoteTargets(s.src);
    expect(quotes.of("grp:r", 2)).toEqual({ status: "unloaded" });

    const loading = quotes.load("grp:r", 2);
    expect(quotes.of("grp:r", 2)).toEqual({ status: "loading" });
    void quotes.load("grp:r", 2); // asked again while loading: no second request
    await s.answer();
    await loading;
    expect(s.asked).toEqual([{ roomId: "grp:r", after: 1, limit: 1 }]);
    expect(quotes.of("grp:r", 2)).toEqual({ status: "loaded", message: msg(2) });
    expect(s.changes()).toBe(2); // loading, then loaded

    await quotes.load("grp:r", 2);
    expect(s.asked).toHaveLength(1); // kept: not asked again
    expect(quotes.of("grp:r", 3)).toEqual({ status: "unloaded" }); // only what was asked
  });

  it("is unavailable when the room has no message at that seq", async () => {
    const s = source([], [msg(1), msg(3)]);
    const quotes = new QuoteTargets(s.src);
    const loading = quotes.load("grp:r", 2);
    await s.answer();
    await loading;
    expect(quotes.of("grp:r", 2)).toEqual({ status: "unavailable" });
  });

  it("failed to load can be tried again", async () => {
    const s = source([], [msg(1)]);
    const quotes = new QuoteTargets(s.src);
    s.failing(true);
    await quotes.load("grp:r", 1);
    expect(quotes.of("grp:r", 1)).toEqual({ status: "failed" });
    s.failing(false);
    const again = quotes.load("grp:r", 1);
    await s.answer();
    await again;
    expect(quotes.of("grp:r", 1)).toEqual({ status: "loaded", message: msg(1) });
    expect(s.asked).toHaveLength(2);
  });

  it("keeps a bounded number loaded, the oldest loaded going first", async () => {
    const rooms = ["grp:a", "grp:b", "grp:c"];
    const s = source(
      [],
      rooms.map((roomId) => msg(1, roomId)),
    );
    const quotes = new QuoteTargets(s.src, 2);
    for (const roomId of rooms) {
      const loading = quotes.load(roomId, 1);
      await s.answer();
      await loading;
    }
    expect(quotes.of("grp:a", 1)).toEqual({ status: "unloaded" });
    expect(quotes.of("grp:b", 1).status).toBe("loaded");
    expect(quotes.of("grp:c", 1).status).toBe("loaded");
  });

  it("is the held copy once the room holds it, over a loaded one", async () => {
    const held: ChatMessage[] = [];
    const s = source(held, [msg(2)]);
    const quotes = new QuoteTargets(s.src);
    const loading = quotes.load("grp:r", 2);
    await s.answer();
    await loading;
    held.push({ ...msg(2), body: "as the room has it now" });
    expect(quotes.of("grp:r", 2)).toMatchObject({
      status: "held",
      message: { body: "as the room has it now" },
    });
  });
});
