/**
 * Files made ready to send, in real Chromium: a photo turned by its EXIF orientation comes
 * out upright, with every metadata block (the GPS position included) left behind; a large
 * photo comes out 2048 px on its long side with a 320 px thumbnail under 100 KiB; a PNG as
 * WebP; a PDF, a text file and any other file as they are; an avatar's square at most 512 px.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundle } from "./bundle";
import { launchChromium } from "./chromium";
import { fixturePage } from "./page";

interface Prepared {
  type: string;
  name: string | null;
  width: number | null;
  height: number | null;
  sameBlob: boolean;
  bytes: number[];
  thumb: { width: number; height: number; size: number; type: string } | null;
}

declare global {
  var media: {
    prepared(file: File): Promise<Prepared>;
    decodedSize(bytes: number[], type: string): Promise<[number, number]>;
    picture(width: number, height: number, type: string): Promise<number[]>;
    colourAt(bytes: number[], type: string, x: number, y: number): Promise<number[]>;
    square(
      bytes: number[],
      type: string,
      crop: { x: number; y: number; side: number },
    ): Promise<{ width: number; height: number; type: string }>;
  };
}

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  const script = await bundle("test/browser/fixtures/prepare.ts");
  browser = await launchChromium();
  context = await browser.newContext();
  page = await fixturePage(context, script);
});

afterAll(async () => {
  await browser?.close();
});

/** An Exif APP1 segment: orientation 6 (turn 90° clockwise) and a GPS latitude. */
function exifSegment(): Buffer {
  const tiff = Buffer.alloc(100);
  tiff.write("MM", 0, "ascii");
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4); // IFD0 at 8
  tiff.writeUInt16BE(2, 8); // two entries
  tiff.writeUInt16BE(0x0112, 10); // Orientation, SHORT, 1, value 6
  tiff.writeUInt16BE(3, 12);
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(6, 18);
  tiff.writeUInt16BE(0x8825, 22); // GPSInfo IFD pointer, LONG, 1, at 38
  tiff.writeUInt16BE(4, 24);
  tiff.writeUInt32BE(1, 26);
  tiff.writeUInt32BE(38, 30);
  tiff.writeUInt32BE(0, 34); // no next IFD
  tiff.writeUInt16BE(2, 38); // GPS IFD: two entries
  tiff.writeUInt16BE(0x0001, 40); // GPSLatitudeRef "N"
  tiff.writeUInt16BE(2, 42);
  tiff.writeUInt32BE(2, 44);
  tiff.write("N\0", 48, "ascii");
  tiff.writeUInt16BE(0x0002, 52); // GPSLatitude, RATIONAL ×3, at 68
  tiff.writeUInt16BE(5, 54);
  tiff.writeUInt32BE(3, 56);
  tiff.writeUInt32BE(68, 60);
  tiff.writeUInt32BE(0, 64);
  for (const [i, n] of [37, 33, 59].entries()) {
    tiff.writeUInt32BE(n, 68 + i * 8);
    tiff.writeUInt32BE(1, 72 + i * 8);
  }
  const body = Buffer.concat([Buffer.from("Exif\0\0", "latin1"), tiff]);
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

const prepare = (bytes: number[] | Buffer, name: string, type: string) =>
  page.evaluate(
    ([data, n, t]) => globalThis.media.prepared(new File([new Uint8Array(data)], n, { type: t })),
    [[...bytes], name, type] as const,
  );

describe("a photo made ready to send", () => {
  it("is turned upright by its EXIF orientation and keeps no metadata, GPS included", async () => {
    const jpeg = Buffer.from(
      await page.evaluate(() => globalThis.media.picture(400, 200, "image/jpeg")),
    );
    const tagged = Buffer.concat([jpeg.subarray(0, 2), exifSegment(), jpeg.subarray(2)]);
    expect(tagged.includes(Buffer.from("Exif"))).toBe(true);
    // The browser reads the tag: the picture as tagged is upright, 200 wide.
    const taggedBytes = [...tagged];
    const asTagged = await page.evaluate(([b]) => globalThis.media.decodedSize(b, "image/jpeg"), [
      taggedBytes,
    ] as const);
    expect(asTagged).toEqual([200, 400]);
    const out = await prepare(tagged, "IMG_0412.JPG", "image/jpeg");
    expect(out).toMatchObject({
      type: "image/jpeg",
      name: "IMG_0412.jpg",
      width: 200,
      height: 400,
    });
    const bytes = Buffer.from(out.bytes);
    expect(bytes.includes(Buffer.from("Exif"))).toBe(false);
    expect(bytes.includes(Buffer.from([0x88, 0x25]))).toBe(false);
    expect(
      await page.evaluate(([b]) => globalThis.media.decodedSize(b, "image/jpeg"), [
        out.bytes,
      ] as const),
    ).toEqual([200, 400]);
    // Turned clockwise: the left half (red) is now on top.
    const top = await page.evaluate(([b]) => globalThis.media.colourAt(b, "image/jpeg", 100, 50), [
      out.bytes,
    ] as const);
    const bottom = await page.evaluate(
      ([b]) => globalThis.media.colourAt(b, "image/jpeg", 100, 350),
      [out.bytes] as const,
    );
    expect(top[0]).toBeGreaterThan(200);
    expect(bottom[2]).toBeGreaterThan(200);
    expect(out.thumb).toMatchObject({ width: 160, height: 320, type: "image/jpeg" });
  });

  it("is at most 2048 px on its long side, with a thumbnail of 320 px under 100 KiB", async () => {
    const jpeg = await page.evaluate(() => globalThis.media.picture(4000, 3000, "image/jpeg"));
    const out = await prepare(jpeg, "big.jpeg", "image/jpeg");
    expect(out).toMatchObject({ type: "image/jpeg", name: "big.jpg", width: 2048, height: 1536 });
    expect(out.thumb).toMatchObject({ width: 320, height: 240 });
    expect(out.thumb?.size).toBeLessThanOrEqual(100 * 1024);
    // A small one keeps its size.
    const small = await prepare(
      await page.evaluate(() => globalThis.media.picture(300, 100, "image/jpeg")),
      "s.jpg",
      "image/jpeg",
    );
    expect(small).toMatchObject({ width: 300, height: 100, thumb: { width: 300, height: 100 } });
  });

  it("goes as WebP from a PNG (which may be transparent)", async () => {
    const png = await page.evaluate(() => globalThis.media.picture(64, 48, "image/png"));
    const out = await prepare(png, "screenshot.png", "image/png");
    expect(out).toMatchObject({
      type: "image/webp",
      name: "screenshot.webp",
      width: 64,
      height: 48,
    });
  });
});

describe("other files", () => {
  it("go as they are, as their type when the server takes it, else as any file", async () => {
    const pdf = Buffer.from("%PDF-1.4\n%…\n");
    const out = await prepare(pdf, "plan.pdf", "application/pdf");
    expect(out).toMatchObject({
      type: "application/pdf",
      name: "plan.pdf",
      width: null,
      thumb: null,
      sameBlob: true,
    });
    const zip = await prepare(Buffer.from("PK\x03\x04"), "all.zip", "application/x-zip-compressed");
    expect(zip.type).toBe("application/zip");
    const text = await prepare(Buffer.from("hi"), "notes.txt", "text/plain");
    expect(text).toMatchObject({ type: "text/plain", thumb: null, sameBlob: true });
    const docx = await prepare(Buffer.from("PK\x03\x04"), "report.docx", "");
    expect(docx.type).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    const other = await prepare(Buffer.from([1, 2, 3]), "data.bin", "");
    expect(other.type).toBe("application/octet-stream");
  });
});

describe("an avatar's square", () => {
  it("is cropped and made at most 512 px", async () => {
    const jpeg = await page.evaluate(() => globalThis.media.picture(2000, 1000, "image/jpeg"));
    const big = await page.evaluate(
      ([b]) => globalThis.media.square(b, "image/jpeg", { x: 100, y: 0, side: 1000 }),
      [jpeg] as const,
    );
    expect(big).toEqual({ width: 512, height: 512, type: "image/jpeg" });
    const small = await page.evaluate(
      ([b]) => globalThis.media.square(b, "image/jpeg", { x: 0, y: 0, side: 300 }),
      [jpeg] as const,
    );
    expect(small).toEqual({ width: 300, height: 300, type: "image/jpeg" });
  });
});
