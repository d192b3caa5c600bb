/**
 * The SDK's queued messages with files, without a server: files upload in order, each
 * thumbnail first, and each result is kept in the outbox store as it comes, so a restart
 * uploads only what is left; a stale thumbnail is uploaded again once; a cancelled file
 * stops and leaves its message (a message left with none is dropped, unsent); a refusal for
 * good fails the message, a passing one is tried again.
 */
import { describe, expect, it } from "vitest";
import {
  ChatApiError,
  MemoryOutboxStore,
  type PendingFile,
  type PendingMessage,
} from "../../src/client";
import type { UploadOptions } from "../../src/client/media-api";
import { Outbox } from "../../src/client/outbox";
import { Uploads } from "../../src/client/uploads";
import type { MediaInfo, MediaType, SendResult } from "../../src/protocol";
import { until } from "../worker/until";

const blob = (size: number, type = "image/jpeg") => new Blob([new Uint8Array(size)], { type });

function file(name: string, withThumb = true): PendingFile {
  return {
    key: name,
    blob: blob(1000),
    type: "image/jpeg",
    name,
    width: 40,
    height: 30,
    thumb: withThumb ? blob(10) : null,
    thumbId: null,
    uploaded: null,
  };
}

const message = (files = [file("a.jpg"), file("b.jpg", false)]): PendingMessage => ({
  roomId: "grp:r",
  clientMsgId: "m1",
  body: "",
  createdAt: 1,
  files,
});

/** A media API that records uploads; `hold` keeps an upload open until its signal aborts. */
function fakeMedia(behave: (call: number, options: UploadOptions) => "ok" | "hold" | Error) {
  const calls: { size: number; options: UploadOptions }[] = [];
  const stopped: string[] = [];
  const upload = (body: Blob, options: UploadOptions): Promise<MediaInfo> => {
    calls.push({ size: body.size, options });
    const outcome = behave(calls.length, options);
    if (outcome instanceof Error) return Promise.reject(outcome);
    const info: MediaInfo = {
      id: `id${calls.length}`,
      ownerId: "me",
      type: options.type as MediaType,
      size: body.size,
      name: options.name ?? null,
      width: options.width ?? null,
      height: options.height ?? null,
      sha256: "00",
      thumbId: options.thumb ?? null,
      createdAt: 1,
    };
    if (outcome === "ok") {
      options.onProgress?.(body.size, body.size);
      return Promise.resolve(info);
    }
    return new Promise((_, reject) => {
      options.onProgress?.(body.size / 2, body.size);
      options.signal?.addEventListener("abort", () => {
        stopped.push(options.name ?? "a thumbnail");
        reject(new ChatApiError(0, "aborted", "cancelled"));
      });
    });
  };
  return { calls, stopped, upload };
}

function setUp(media: ReturnType<typeof fakeMedia>, store = new MemoryOutboxStore()) {
  const outbox = new Outbox(store, () => undefined);
  const ready: string[] = [];
  const failed: ChatApiError[] = [];
  const uploads = new Uploads({
    outbox,
    media,
    ready: (id) => ready.push(id),
    failed: (id, error) => {
      failed.push(error);
      outbox.fail(id, error);
    },
  });
  return { outbox, uploads, ready, failed, store };
}

function queue(outbox: Outbox, pending = message()) {
  const answer: { result?: SendResult; error?: ChatApiError } = {};
  outbox.add(pending, {
    resolve: (result) => {
      answer.result = result;
    },
    reject: (error) => {
      answer.error = error;
    },
  });
  return answer;
}

describe("a message with files", () => {
  it("uploads each thumbnail before its image, keeps each id, and is ready once", async () => {
    const media = fakeMedia(() => "ok");
    const { outbox, uploads, ready, store } = setUp(media);
    queue(outbox);
    expect(outbox.attachmentIds("m1")).toBeNull();
    uploads.start("m1");
    uploads.start("m1"); // under way: not twice
    await until(() => ready.length > 0, 1_000, "ready");
    expect(media.calls.map((c) => [c.size, c.options.thumb ?? null])).toEqual([
      [10, null],
      [1000, "id1"],
      [1000, null],
    ]);
    expect(media.calls[1]?.options).toMatchObject({ name: "a.jpg", width: 40, height: 30 });
    expect(ready).toEqual(["m1"]);
    expect(outbox.attachmentIds("m1")).toEqual(["id2", "id3"]);
    const [kept] = await store.load();
    expect(kept?.files?.map((f) => [f.thumbId, f.uploaded?.id, f.uploaded?.thumbId])).toEqual([
      ["id1", "id2", "id1"],
      [null, "id3", null],
    ]);
    expect(outbox.list()[0]?.files?.map((f) => f.loaded)).toEqual([1000, 1000]);
  });

  it("after a restart, uploads only the files not uploaded before", async () => {
    const store = new MemoryOutboxStore();
    const first = setUp(
      fakeMedia((call) => (call <= 2 ? "ok" : new ChatApiError(0, "network_error", "offline"))),
      store,
    );
    queue(first.outbox);
    first.uploads.start("m1");
    await until(async () => (await store.load())[0]?.files?.[0]?.uploaded !== null, 1_000);
    first.uploads.stop();

    const media = fakeMedia(() => "ok");
    const second = setUp(media, store);
    await second.outbox.restore();
    expect(second.outbox.toUpload("m1").map((f) => f.key)).toEqual(["b.jpg"]);
    second.uploads.start("m1");
    await until(() => second.ready.length > 0, 1_000, "ready");
    expect(media.calls.map((c) => c.options.name)).toEqual(["b.jpg"]);
    expect(second.outbox.attachmentIds("m1")).toEqual(["id2", "id1"]);
  });

  it("uploads a thumbnail again, once, when the server no longer takes the one it holds", async () => {
    const stale = new ChatApiError(400, "bad_attachment", "thumb is a thumbnail already");
    const media = fakeMedia((_, options) => (options.thumb === "old" ? stale : "ok"));
    const { outbox, uploads, ready } = setUp(media);
    queue(outbox, message([{ ...file("a.jpg"), thumbId: "old" }]));
    uploads.start("m1");
    await until(() => ready.length > 0, 1_000, "ready");
    expect(media.calls.map((c) => [c.size, c.options.thumb ?? null])).toEqual([
      [1000, "old"],
      [10, null],
      [1000, "id2"],
    ]);

    // A fresh thumbnail refused too is a refusal of the message.
    const always = fakeMedia((_, options) => (options.thumb ? stale : "ok"));
    const again = setUp(always);
    const answer = queue(again.outbox, message([file("a.jpg")]));
    again.uploads.start("m1");
    await until(() => again.failed.length > 0, 1_000, "failed");
    expect(answer.error?.code).toBe("bad_attachment");
    expect(again.ready).toEqual([]);
  });
});

describe("cancelling a file", () => {
  it("stops its upload; a message left with none is dropped and nothing is sent", async () => {
    const media = fakeMedia((_, options) => (options.thumb ? "hold" : "ok"));
    const { outbox, uploads, ready, store } = setUp(media);
    const answer = queue(outbox, message([file("a.jpg")]));
    uploads.start("m1");
    await until(() => outbox.list()[0]?.files?.[0]?.loaded === 500, 1_000, "half sent");
    uploads.cancel("m1", "a.jpg");
    await until(() => answer.error !== undefined, 1_000, "dropped");
    expect(answer.error?.code).toBe("aborted");
    expect(outbox.list()).toEqual([]);
    expect(await store.load()).toEqual([]);
    expect(ready).toEqual([]);
    expect(media.calls).toHaveLength(2); // the thumbnail, and the image cut short
    expect(media.stopped).toEqual(["a.jpg"]);
  });

  it("leaves the message's other files to go, in order", async () => {
    const media = fakeMedia((_, options) => (options.name === "a.jpg" ? "hold" : "ok"));
    const { outbox, uploads, ready } = setUp(media);
    queue(outbox);
    uploads.start("m1");
    await until(() => media.calls.length === 2, 1_000, "first image under way");
    uploads.cancel("m1", "a.jpg");
    await until(() => ready.length > 0, 1_000, "ready");
    expect(outbox.attachmentIds("m1")).toEqual(["id3"]);
    expect(media.stopped).toEqual(["a.jpg"]);
    expect(outbox.list()[0]?.files?.map((f) => f.key)).toEqual(["b.jpg"]);
  });
});

describe("a failed upload", () => {
  it("fails the message when refused for good", async () => {
    const refused = new ChatApiError(415, "unsupported_media_type", "not a JPEG");
    const { outbox, uploads, failed, ready } = setUp(fakeMedia(() => refused));
    const answer = queue(outbox, message([file("a.jpg", false)]));
    uploads.start("m1");
    await until(() => answer.error !== undefined, 1_000, "failed");
    expect(failed).toEqual([refused]);
    expect(ready).toEqual([]);
    expect(outbox.list()).toEqual([]);
  });

  it("is tried again after the server's Retry-After when it may pass", async () => {
    const busy = new ChatApiError(429, "rate_limited", "slow down", 1);
    const media = fakeMedia((call) => (call === 1 ? busy : "ok"));
    const { outbox, uploads, ready } = setUp(media);
    queue(outbox, message([file("a.jpg", false)]));
    uploads.start("m1");
    await until(() => ready.length > 0, 3_000, "tried again");
    // The pause is over: the outbox's owner (the Sender) starts the upload again.
    expect(outbox.attachmentIds("m1")).toBeNull();
    uploads.start("m1");
    await until(() => outbox.attachmentIds("m1") !== null, 1_000, "uploaded");
    expect(media.calls).toHaveLength(2);
  });
});
