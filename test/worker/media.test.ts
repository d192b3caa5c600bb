/**
 * Uploads into R2 (the real local binding) and fetching them back: the length known and
 * capped before the body is read, the type taken from the first bytes, the bytes and their
 * hash as sent, the headers a served file needs; a file is its uploader's alone until it is
 * attached (attachments.test.ts).
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { MediaInfo } from "../../src/protocol";
import { DEFAULT_SETTINGS } from "../../src/settings";
import { ORIGIN, signUp } from "./helpers";
import { code, get, PDF, PNG, png, sha256, upload, uploaded } from "./media-helpers";

describe("uploading a file", () => {
  it("stores it in R2 as sent, with its hash, and serves it back to its uploader", async () => {
    const alice = await signUp();
    const made = await upload(
      alice.accessToken,
      PNG,
      "image/png",
      "?name=cat.png&width=640&height=480",
    );
    expect(made.status).toBe(201);
    const media = (await made.json()) as MediaInfo;
    expect(media).toMatchObject({
      ownerId: alice.user.id,
      type: "image/png",
      size: PNG.byteLength,
      name: "cat.png",
      width: 640,
      height: 480,
      sha256: await sha256(PNG),
    });
    const served = await get(alice.accessToken, media.id);
    expect(served.status).toBe(200);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(PNG);
    expect(served.headers.get("Content-Type")).toBe("image/png");
    expect(served.headers.get("Content-Disposition")).toBe("inline");
    expect(served.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(served.headers.get("Content-Security-Policy")).toMatch(
      /^default-src 'none';.*; sandbox$/,
    );
  });

  it("serves anything but a shown image as a download, under its name", async () => {
    const alice = await signUp();
    const made = await upload(
      alice.accessToken,
      PDF,
      "application/pdf",
      "?name=%EA%B3%84%EC%95%BD%22.pdf",
    );
    const media = (await made.json()) as MediaInfo;
    const served = await get(alice.accessToken, media.id);
    expect(served.headers.get("Content-Disposition")).toBe(
      `attachment; filename="___.pdf"; filename*=UTF-8''${encodeURIComponent('계약".pdf')}`,
    );
  });

  it("is refused when the first bytes are not the declared type, or no type taken", async () => {
    const alice = await signUp();
    expect(await code(await upload(alice.accessToken, PDF, "image/png"))).toEqual([
      415,
      "unsupported_media_type",
    ]);
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect(await code(await upload(alice.accessToken, svg, "image/svg+xml"))).toEqual([
      415,
      "unsupported_media_type",
    ]);
    expect(await code(await upload(alice.accessToken, svg, "image/png"))).toEqual([
      415,
      "unsupported_media_type",
    ]);
  });

  it("needs a known length, and a body as long as it says", async () => {
    const alice = await signUp();
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(PNG);
        controller.close();
      },
    });
    expect(await code(await upload(alice.accessToken, chunked, "image/png"))).toEqual([
      411,
      "length_required",
    ]);
    expect(await code(await upload(alice.accessToken, new Uint8Array(0), "image/png"))).toEqual([
      400,
      "bad_request",
    ]);
    // A body shorter than its Content-Length stores nothing.
    const short = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(PNG);
        controller.close();
      },
    });
    const lying = await upload(alice.accessToken, short, "image/png", "", {
      "Content-Length": String(PNG.byteLength + 10),
    });
    expect(await code(lying)).toEqual([400, "bad_request"]);
  });

  it("is its uploader's alone until it is attached: anyone else gets 404", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const media = (await (await upload(alice.accessToken, PNG, "image/png")).json()) as MediaInfo;
    expect(await code(await get(bob.accessToken, media.id))).toEqual([404, "not_found"]);
    expect(await code(await get(bob.accessToken, "no-such-id"))).toEqual([404, "not_found"]);
    const anonymous = await exports.default.fetch(`${ORIGIN}/api/media/${media.id}`);
    expect(anonymous.status).toBe(401);
  });

  it("checks what the uploader says of it", async () => {
    const alice = await signUp();
    for (const qs of ["?name=a/b.png", "?width=x", "?name=", "?colour=red"]) {
      expect(await code(await upload(alice.accessToken, PNG, "image/png", qs)), qs).toEqual([
        400,
        "validation_failed",
      ]);
    }
  });

  it("takes a thumbnail of the uploader's, an image of at most MEDIA_THUMB_BYTES_MAX, once", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const max = DEFAULT_SETTINGS.MEDIA_THUMB_BYTES_MAX;
    const atMax = await uploaded(alice.accessToken, png(max));
    const over = await uploaded(alice.accessToken, png(max + 1));
    const pdf = await uploaded(alice.accessToken, PDF, "application/pdf");
    const bobs = await uploaded(bob.accessToken, png(64));
    const withThumb = (thumb: string) =>
      upload(alice.accessToken, PNG, "image/png", `?thumb=${thumb}`);
    const image = (await (await withThumb(atMax.id)).json()) as MediaInfo;
    expect(image.thumbId).toBe(atMax.id);
    for (const [what, thumb] of [
      ["one byte over", over.id],
      ["a PDF", pdf.id],
      ["someone else's", bobs.id],
      ["a thumbnail already", atMax.id],
      ["an image with a thumbnail", image.id],
      ["no such upload", crypto.randomUUID()],
    ] as const) {
      expect(await code(await withThumb(thumb)), what).toEqual([400, "bad_attachment"]);
    }
    expect(await code(await withThumb("nope"))).toEqual([400, "validation_failed"]);
  });

  it("takes documents, text and any other file, and serves them only as downloads", async () => {
    const alice = await signUp();
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0]);
    const page = new TextEncoder().encode("<!DOCTYPE html><script>alert(1)</script>");
    const cases: [string, Uint8Array, string, string][] = [
      [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        zip,
        "report.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      ],
      [
        "text/plain",
        new TextEncoder().encode("메모\nnotes"),
        "notes.txt",
        "text/plain; charset=utf-8",
      ],
      ["application/octet-stream", page, "page.html", "application/octet-stream"],
    ];
    for (const [type, body, name, served] of cases) {
      const media = await uploaded(alice.accessToken, body, type, `?name=${name}`);
      const file = await get(alice.accessToken, media.id);
      expect(file.headers.get("Content-Type"), type).toBe(served);
      expect(file.headers.get("Content-Disposition"), type).toMatch(/^attachment; /);
      expect(file.headers.get("X-Content-Type-Options")).toBe("nosniff");
    }
    // A page declared as a Word document, or as text when it holds a NUL, is refused.
    const docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    expect(await code(await upload(alice.accessToken, page, docx))).toEqual([
      415,
      "unsupported_media_type",
    ]);
    const binary = new Uint8Array([0x61, 0, 0x62]);
    expect(await code(await upload(alice.accessToken, binary, "text/plain"))).toEqual([
      415,
      "unsupported_media_type",
    ]);
  });
});
