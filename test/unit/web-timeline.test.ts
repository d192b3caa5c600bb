/**
 * The web client's pure parts: merging messages into a run, members' read marks from a
 * late details answer, and links in message text.
 */
import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../src/protocol";
import { HiddenSeqs } from "../../web/src/state/hidden-seqs";
import { linkify } from "../../web/src/state/links";
import { freshMembers } from "../../web/src/state/members";
import { gapBefore, hasOlder, hideIn, merge } from "../../web/src/state/timeline";
import { textMessage } from "../worker/messages";

const msg = (seq: number, body = `m${seq}`): ChatMessage =>
  textMessage(seq, { roomId: "grp:r", senderId: "u", body });
const seqs = (run: ChatMessage[]) => run.map((m) => m.seq);

describe("merge", () => {
  it("appends, prepends pages, and collapses repeats (the later copy wins)", () => {
    let run = merge([], [msg(5), msg(6)]);
    run = merge(run, [msg(7)]);
    run = merge(run, [msg(3), msg(4)]);
    run = merge(run, [msg(6, "edited"), msg(6, "edited")]);
    expect(seqs(run)).toEqual([3, 4, 5, 6, 7]);
    expect(run.find((m) => m.seq === 6)?.body).toBe("edited");
    expect(hasOlder(run)).toBe(true);
    expect(hasOlder(merge(run, [msg(1), msg(2)]))).toBe(false);
  });

  it("keeps only the newest run when a message arrives past a gap", () => {
    const run = merge([msg(1), msg(2)], [msg(5)]);
    expect(seqs(run)).toEqual([5]);
    expect(gapBefore([msg(1), msg(2)], 5)).toBe(2);
    expect(gapBefore([msg(1), msg(2)], 3)).toBeNull();
    expect(gapBefore([], 9)).toBeNull();
  });
});

describe("a message deleted for the user", () => {
  it("stays hidden whatever copy comes after, and hideIn hides it in place", () => {
    const run = hideIn([msg(1), msg(2), msg(3)], 2);
    expect(run[1]).toMatchObject({ seq: 2, body: "", hidden: true });
    expect(run[0]?.hidden).toBeUndefined();
    // A replayed or earlier-paged copy merged either way round: still hidden.
    expect(merge(run, [msg(2)])[1]).toMatchObject({ hidden: true, body: "" });
    expect(merge([msg(2), msg(3)], run)[1]).toMatchObject({ hidden: true, body: "" });
  });
});

describe("freshMembers", () => {
  const member = (userId: string, readSeq: number, receivedSeq = readSeq) => ({
    userId,
    role: "member" as const,
    joinedAt: 0,
    joinedSeq: 1,
    readSeq,
    receivedSeq,
  });

  it("never moves a read mark back, and counts each sender as having read their message", () => {
    const known = [member("a", 5), member("b", 7, 9), member("gone", 3)];
    // The answer left the server before b's receipt and a's send of message 8.
    const fresh = [member("a", 5), member("b", 4), member("c", 2)];
    const run = [{ ...msg(8), senderId: "a" }];
    expect(freshMembers(known, fresh, run)).toEqual([
      member("a", 8),
      member("b", 7, 9),
      member("c", 2),
    ]);
    expect(freshMembers(null, fresh, [])).toEqual(fresh);
  });
});

describe("linkify", () => {
  it("links only absolute http(s) URLs and leaves the rest as text", () => {
    expect(linkify("see https://example.com/a?b=1, then")).toEqual([
      { text: "see " },
      { text: "https://example.com/a?b=1", href: "https://example.com/a?b=1" },
      { text: ", then" },
    ]);
    for (const text of ["javascript:alert(1)", "data:text/html,<b>x</b>", "www.example.com"]) {
      expect(linkify(text)).toEqual([{ text }]);
    }
    expect(linkify("(http://x.test/y).")).toEqual([
      { text: "(" },
      { text: "http://x.test/y", href: "http://x.test/y" },
      { text: ")." },
    ]);
  });

  it("keeps every character of the text across the pieces", () => {
    const text = "a http://a.test b https://b.test/<c> 자전거 https://";
    expect(
      linkify(text)
        .map((p) => p.text)
        .join(""),
    ).toBe(text);
  });
});

describe("messages deleted for the user, heard of before a copy comes", () => {
  it("hide the copy that comes later, in that room only", () => {
    const seqs = new HiddenSeqs();
    seqs.add("grp:r", 2);
    const late = seqs.apply("grp:r", [msg(1), msg(2, "oops, wrong photo"), msg(3)]);
    expect(late.map((m) => [m.seq, m.body, m.hidden === true])).toEqual([
      [1, "m1", false],
      [2, "", true],
      [3, "m3", false],
    ]);
    // Merged over a run that holds it shown, the hidden copy wins.
    expect(merge([msg(1), msg(2)], late).find((m) => m.seq === 2)?.hidden).toBe(true);
    expect(seqs.apply("grp:other", [msg(2)])[0]?.hidden).toBeUndefined();
  });
});
