import { describe, expect, it } from "vitest";
import { sniff } from "../../src/media/sniff";

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(
    parts.flatMap((p) => (typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p)),
  );

/** An ISO BMFF `ftyp` box: size, "ftyp", major brand, minor version, compatible brands. */
const ftyp = (major: string, ...compatible: string[]) =>
  bytes([0, 0, 0, 16 + 4 * compatible.length], "ftyp", major, [0, 0, 0, 0], ...compatible);

describe("what a file is, from its first bytes", () => {
  it("knows the image types, PDF and ZIP by their magic numbers", () => {
    expect(sniff(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniff(bytes([0x89], "PNG", [0x0d, 0x0a, 0x1a, 0x0a]))).toBe("image/png");
    expect(sniff(bytes("GIF89a"))).toBe("image/gif");
    expect(sniff(bytes("GIF87a"))).toBe("image/gif");
    expect(sniff(bytes("RIFF", [1, 2, 3, 4], "WEBPVP8 "))).toBe("image/webp");
    expect(sniff(bytes("%PDF-1.7"))).toBe("application/pdf");
    expect(sniff(bytes("PK", [3, 4]))).toBe("application/zip");
  });

  it("tells AVIF from HEIC by the ftyp brands, major or compatible", () => {
    expect(sniff(ftyp("avif", "mif1"))).toBe("image/avif");
    expect(sniff(ftyp("mif1", "avif"))).toBe("image/avif");
    expect(sniff(ftyp("heic", "mif1"))).toBe("image/heic");
    expect(sniff(ftyp("mp42", "isom"))).toBeNull(); // a video
  });

  it("takes nothing else: SVG, HTML, text, a RIFF that is not WebP, a cut-off magic", () => {
    for (const head of [
      bytes("<svg xmlns="),
      bytes("<!DOCTYPE html>"),
      bytes("hello"),
      bytes("RIFF", [1, 2, 3, 4], "WAVE"),
      bytes([0x89], "PN"),
      bytes([0xff, 0xd8]),
      new Uint8Array(0),
    ]) {
      expect(sniff(head)).toBeNull();
    }
  });
});
