/** Whether a file's first bytes are the type declared for it (src/media/sniff.ts). */
import { describe, expect, it } from "vitest";
import { SNIFF_BYTES, sniff } from "../../src/media/sniff";
import { MEDIA_TYPES, type MediaType } from "../../src/protocol";

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(
    parts.flatMap((p) => (typeof p === "string" ? [...new TextEncoder().encode(p)] : p)),
  );

/** An ISO BMFF `ftyp` box: size, "ftyp", major brand, minor version, compatible brands. */
const ftyp = (major: string, ...compatible: string[]) =>
  bytes([0, 0, 0, 16 + 4 * compatible.length], "ftyp", major, [0, 0, 0, 0], ...compatible);

const ZIP = bytes("PK", [3, 4, 20, 0]);
const COMPOUND = bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
const OOXML = MEDIA_TYPES.filter((t) => t.includes("openxmlformats"));
const OLE: MediaType[] = [
  "application/msword",
  "application/vnd.ms-excel",
  "application/vnd.ms-powerpoint",
  "application/x-hwp",
];

/** The declared types `head` is taken as. */
const takenAs = (head: Uint8Array, whole = false) =>
  MEDIA_TYPES.filter((t) => sniff(t, head, whole).ok);

describe("whether a file is the type declared, from its first bytes", () => {
  it("knows the image types and PDF by their magic numbers", () => {
    expect(takenAs(bytes([0xff, 0xd8, 0xff, 0xe0]))).toEqual([
      "image/jpeg",
      "application/octet-stream",
    ]);
    expect(takenAs(bytes([0x89], "PNG", [0x0d, 0x0a, 0x1a, 0x0a]))).toContain("image/png");
    expect(takenAs(bytes("GIF89a"))).toContain("image/gif");
    expect(takenAs(bytes("GIF87a"))).toContain("image/gif");
    expect(takenAs(bytes("RIFF", [1, 2, 3, 4], "WEBPVP8 "))).toContain("image/webp");
    expect(takenAs(bytes("%PDF-1.7"))).toEqual(["application/pdf", "application/octet-stream"]);
  });

  it("takes a ZIP as a ZIP or an Office document, a compound file as an older one or .hwp", () => {
    expect(takenAs(ZIP)).toEqual(["application/zip", ...OOXML, "application/octet-stream"]);
    expect(takenAs(COMPOUND)).toEqual([...OLE, "application/octet-stream"]);
  });

  it("tells AVIF from HEIC by the ftyp brands, major or compatible", () => {
    expect(takenAs(ftyp("avif", "mif1"))).toContain("image/avif");
    expect(takenAs(ftyp("mif1", "avif"))).toContain("image/avif");
    expect(takenAs(ftyp("heic", "mif1"))).toContain("image/heic");
    expect(takenAs(ftyp("mp42", "isom"))).toEqual(["application/octet-stream"]); // a video
  });

  it("takes UTF-8 text with no control bytes as text, a character cut at the end too", () => {
    expect(takenAs(bytes("hello\tworld\r\n"), true)).toEqual([
      "text/plain",
      "application/octet-stream",
    ]);
    const korean = bytes("안녕하세요 ".repeat(10)).subarray(0, SNIFF_BYTES);
    expect(sniff("text/plain", korean.subarray(0, SNIFF_BYTES - 1)).ok).toBe(true);
    // Cut, but the file ends there: not text.
    expect(sniff("text/plain", korean.subarray(0, 2), true).ok).toBe(false);
    for (const head of [bytes("a\u0000b"), bytes([0xc3, 0x28, 0x61, 0x62, 0x63, 0x64]), ZIP]) {
      expect(sniff("text/plain", head, true).ok).toBe(false);
    }
  });

  it("takes anything as a download, and nothing else from SVG, HTML or a cut-off magic", () => {
    for (const head of [
      bytes("<svg xmlns="),
      bytes("<!DOCTYPE html>"),
      bytes("RIFF", [1, 2, 3, 4], "WAVE"),
      bytes([0x89], "PN"),
      bytes([0xff, 0xd8]),
      new Uint8Array(0),
    ]) {
      const taken = takenAs(head, true).filter((t) => t !== "text/plain");
      expect(taken).toEqual(["application/octet-stream"]);
    }
  });

  it("says what a file seems to be when it is not what was declared", () => {
    expect(sniff("image/png", bytes("%PDF-1.4"))).toEqual({
      ok: false,
      found: "application/pdf",
    });
    expect(sniff("application/msword", ZIP)).toEqual({ ok: false, found: "a ZIP archive" });
    expect(sniff("text/plain", ZIP)).toEqual({ ok: false, found: "a ZIP archive" });
    expect(sniff("image/png", bytes("hello"))).toEqual({ ok: false, found: null });
  });
});
