import { describe, expect, it } from "vitest";
import { snippetFor } from "../../src/search/highlight";

/** The highlighted parts of a snippet, as text. */
const marked = ({ snippet, highlights }: ReturnType<typeof snippetFor>) =>
  highlights.map(([from, to]) => snippet.slice(from, to));

describe("search snippets", () => {
  it("mark every match, case-insensitively, as offsets into plain text", () => {
    expect(snippetFor("Bicycle, bicycle!", ["BICYCLE"])).toEqual({
      snippet: "Bicycle, bicycle!",
      highlights: [
        [0, 7],
        [9, 16],
      ],
    });
    expect(snippetFor("<b>자전거</b>를", ["자전거"])).toEqual({
      snippet: "<b>자전거</b>를",
      highlights: [[3, 6]],
    });
  });

  it("fold as search does, where folding changes lengths: ß, ﬁ, final sigma, İ", () => {
    // Lowercasing İ gives two units, so a match after it was missed; İ now folds to i.
    const kedi = snippetFor("İstanbul'da bir kedi gördüm, KEDİ", ["kedi"]);
    expect(marked(kedi)).toEqual(["kedi", "KEDİ"]);
    expect(kedi.highlights[0]).toEqual([16, 20]);
    expect(marked(snippetFor("İstanbul, ISTANBUL", ["istanbul"]))).toEqual([
      "İstanbul",
      "ISTANBUL",
    ]);
    expect(marked(snippetFor("Die Straße, die STRASSE", ["strasse"]))).toEqual([
      "Straße",
      "STRASSE",
    ]);
    // A match that covers part of a folded character marks all of it.
    expect(marked(snippetFor("Straße", ["s"]))).toEqual(["S", "ß"]);
    expect(marked(snippetFor("ﬁnd the file", ["fi"]))).toEqual(["ﬁ", "fi"]);
    expect(marked(snippetFor("ΟΔΟΣ", ["οδος"]))).toEqual(["ΟΔΟΣ"]);
    expect(marked(snippetFor("Öl und öl", ["ÖL"]))).toEqual(["Öl", "öl"]);
  });

  it("keep the first match in the snippet of a long body, İ or not", () => {
    const body = `${"İ".repeat(200)} needle ${"x".repeat(200)}`;
    const result = snippetFor(body, ["NEEDLE"]);
    expect(marked(result)).toEqual(["needle"]);
  });

  it("cut long bodies around the first match with ellipses, never inside an emoji", () => {
    const body = `${"😀".repeat(40)} needle ${"🚲".repeat(80)}`;
    const { snippet, highlights } = snippetFor(body, ["needle"]);
    expect(snippet.startsWith("…")).toBe(true);
    expect(snippet.endsWith("…")).toBe(true);
    // Whole code points only: no lone surrogate at either cut.
    expect(
      /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(snippet),
    ).toBe(false);
    const [from, to] = highlights[0] ?? [0, 0];
    expect(snippet.slice(from, to)).toBe("needle");
  });

  it("merge overlapping matches and survive a body with none", () => {
    expect(snippetFor("aaaa", ["aaa"]).highlights).toEqual([[0, 4]]);
    expect(snippetFor("nothing here", ["zzz"])).toEqual({
      snippet: "nothing here",
      highlights: [],
    });
  });
});
