import { describe, expect, it } from "vitest";
import { foldCase, foldMapped } from "../../src/search/fold";

describe("case folding for search", () => {
  it("is Unicode full case folding, in every script", () => {
    expect(foldCase("Öl ÖL öl")).toBe("öl öl öl");
    expect(foldCase("Straße STRASSE ẞ")).toBe("strasse strasse ss");
    expect(foldCase("ΣΊΣΥΦΟΣ σίσυφος")).toBe("σίσυφοσ σίσυφοσ");
    // Our one choice: İ is i, as in Turkish (Unicode would keep a combining dot).
    expect(foldCase("İstanbul ISTANBUL")).toBe("istanbul istanbul");
    expect(foldCase("ﬁle ǅ Ꭰ ꭰ")).toBe("file ǆ ꭰ ꭰ");
    // Unicode leaves the dotless ı alone; so does this folding.
    expect(foldCase("ı I")).toBe("ı i");
    expect(foldCase("자전거를 팔아요 😀")).toBe("자전거를 팔아요 😀");
  });

  it("turns control characters into spaces, and folds twice to the same text", () => {
    expect(foldCase("a\u0000b\u0007c\u009Fd")).toBe("a b c d");
    for (const text of ["İİ ß Σ", "Ǆ ﬃ ŉ", "ΐ ᾳ ᾼ"])
      expect(foldCase(foldCase(text))).toBe(foldCase(text));
  });

  it("maps each unit of the folding back to the character it came from", () => {
    const text = "aﬁ😀ß";
    const { folded, start, end } = foldMapped(text);
    expect(folded).toBe("afi😀ss");
    expect(start).toEqual([0, 1, 1, 2, 2, 4, 4]);
    expect(end).toEqual([1, 2, 2, 4, 4, 5, 5]);
    expect(foldMapped("plain").folded).toBe(foldCase("plain"));
  });
});
