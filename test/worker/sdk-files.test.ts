/**
 * The SDK's messages with files through the real worker, with its default transport
 * (`fetch`, no DOM): a message with a photo queued while no socket can open waits with its
 * files, uploading nothing; the next run with the same outbox store uploads the thumbnail
 * and the photo once each and sends the message once, which the other member gets with
 * its files as they were sent.
 */
import { describe, expect, it } from "vitest";
import { MemoryOutboxStore } from "../../src/client";
import { createDirect, signUp } from "./helpers";
import { type Request, sdkDevice, until } from "./sdk";

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const png = (size: number) => {
  const bytes = new Uint8Array(size);
  bytes.set(PNG_MAGIC);
  return new Blob([bytes], { type: "image/png" });
};
const uploads = (requests: Request[]) =>
  requests.filter((r) => r.method === "POST" && /^\/api\/media(\?|$)/.test(r.path));

describe("a message with files, sent by the SDK", () => {
  it("waits offline with its files, then uploads each once and is delivered once", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const room = (await createDirect(alice.accessToken, bob.user.id)).body;
    const receiver = sdkDevice(bob);
    await until(receiver.isOnline, 5_000, "bob online");
    const store = new MemoryOutboxStore();

    const offlineRequests: Request[] = [];
    const offline = sdkDevice(
      alice,
      {
        outboxStore: store,
        openSocket: async () => {
          throw new Error("offline");
        },
      },
      { requests: offlineRequests },
    );
    const file = {
      blob: png(2_000),
      type: "image/png" as const,
      name: "view.png",
      width: 40,
      height: 30,
      thumb: png(300),
    };
    void offline.client.sendFiles(room.id, [file], "the view").catch(() => undefined);
    await until(async () => (await store.load()).length === 1, 2_000, "message stored");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(uploads(offlineRequests)).toEqual([]);
    expect(offline.client.pending()[0]?.files?.[0]).toMatchObject({ name: "view.png", loaded: 0 });
    await offline.client.stop();

    const requests: Request[] = [];
    const online = sdkDevice(alice, { outboxStore: store }, { requests });
    await until(() => receiver.received.some((m) => m.kind === "attachment"), 5_000, "delivered");
    await until(async () => (await store.load()).length === 0, 2_000, "store emptied");
    const [delivered] = receiver.received.filter((m) => m.kind === "attachment");
    expect(delivered).toMatchObject({
      body: "the view",
      senderId: alice.user.id,
      attachments: [{ type: "image/png", size: 2_000, name: "view.png", width: 40, height: 30 }],
    });
    const [thumbUpload, photoUpload] = uploads(requests);
    expect(uploads(requests)).toHaveLength(2);
    expect(thumbUpload?.status).toBe(201);
    expect(photoUpload?.path).toContain(`thumb=${delivered?.attachments?.[0]?.thumbId}`);
    expect(online.events.filter((e) => e.type === "sent")).toHaveLength(1);
    await online.client.stop();
    await receiver.client.stop();
  });

  it("sends a document whose bytes are not its type as a plain download, once refused", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const room = (await createDirect(alice.accessToken, bob.user.id)).body;
    const receiver = sdkDevice(bob);
    await until(receiver.isOnline, 5_000, "bob online");
    const requests: Request[] = [];
    const sender = sdkDevice(alice, {}, { requests });
    // Word's name on an RTF file, as Word itself saves them.
    const rtf = new Blob(["{\\rtf1\\ansi hello}"], { type: "application/msword" });
    const file = {
      blob: rtf,
      type: "application/msword" as const,
      name: "letter.doc",
      width: null,
      height: null,
      thumb: null,
    };
    void sender.client.sendFiles(room.id, [file], "").catch(() => undefined);
    await until(() => receiver.received.some((m) => m.kind === "attachment"), 5_000, "delivered");
    const [delivered] = receiver.received.filter((m) => m.kind === "attachment");
    expect(delivered?.attachments?.[0]).toMatchObject({
      type: "application/octet-stream",
      name: "letter.doc",
    });
    expect(uploads(requests).map((r) => r.status)).toEqual([415, 201]);
    await sender.client.stop();
    await receiver.client.stop();
  });
});
