/** One byte range of a `Range` header against a file's size (src/media/range.ts). */
import { describe, expect, it } from "vitest";
import { byteRange } from "../../src/media/range";

describe("byteRange", () => {
  it("reads one range: from-to, from, and the last n bytes, clamped to the file", () => {
    expect(byteRange("bytes=2-5", 10)).toEqual({ offset: 2, length: 4 });
    expect(byteRange("bytes=7-", 10)).toEqual({ offset: 7, length: 3 });
    expect(byteRange("bytes=8-100", 10)).toEqual({ offset: 8, length: 2 });
    expect(byteRange("bytes=-4", 10)).toEqual({ offset: 6, length: 4 });
    expect(byteRange("bytes=-40", 10)).toEqual({ offset: 0, length: 10 });
    expect(byteRange("bytes=9-9", 10)).toEqual({ offset: 9, length: 1 });
  });

  it("is unsatisfiable past the end, or for the last 0 bytes", () => {
    expect(byteRange("bytes=10-", 10)).toBe("unsatisfiable");
    expect(byteRange("bytes=10-12", 10)).toBe("unsatisfiable");
    expect(byteRange("bytes=-0", 10)).toBe("unsatisfiable");
  });

  it("sends the whole file for no header, several ranges, or anything else", () => {
    for (const header of [
      null,
      "",
      "bytes=",
      "bytes=-",
      "bytes=5-2",
      "bytes=0-1,4-5",
      "items=0-1",
      "bytes=a-b",
    ]) {
      expect(byteRange(header, 10), String(header)).toBeNull();
    }
  });
});
