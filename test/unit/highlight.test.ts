import { describe, expect, it } from "vitest";
import { snippetFor } from "../../src/search/highlight";

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
