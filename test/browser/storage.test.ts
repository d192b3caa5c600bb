/**
 * The web client's IndexedDB storage in real Chromium. The SDK's cursor survives a reload,
 * only moves forward, is kept per user, and clears on sign-out. The offline cache keeps the
 * newest CACHED_MESSAGES_PER_ROOM messages of a room and skips records that do not fit; the
 * outbox keeps unsent messages per user, with their files' bytes and upload ids; sign-out
 * forgets one user's records only.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundle } from "./bundle";
import { launchChromium } from "./chromium";
import { fixturePage } from "./page";

declare global {
  var storage: typeof import("./fixtures/storage-types").Storage;
}

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  const script = await bundle("test/browser/fixtures/storage.ts");
  browser = await launchChromium();
  context = await browser.newContext();
  page = await fixturePage(context, script);
});

afterAll(async () => {
  await browser?.close();
});

const load = (userId: string) =>
  page.evaluate((id) => new globalThis.storage.IdbCursorStore(id).load(), userId);
const save = (userId: string, cursor: number) =>
  page.evaluate(([id, c]) => new globalThis.storage.IdbCursorStore(id).save(c), [
    userId,
    cursor,
  ] as const);

describe("IdbCursorStore in Chromium", () => {
  it("starts at 0, keeps the cursor across a reload, and never moves it back", async () => {
    expect(await load("alice")).toBe(0);
    await save("alice", 42);
    await save("alice", 17);
    expect(await load("alice")).toBe(42);

    await page.reload();
    expect(await load("alice")).toBe(42);
    await save("alice", 43);
    expect(await load("alice")).toBe(43);
  });

  it("keeps each user's cursor apart and forgets one on clear", async () => {
    await save("bob", 7);
    expect(await load("bob")).toBe(7);
    expect(await load("carol")).toBe(0);
    await page.evaluate(() => new globalThis.storage.IdbCursorStore("bob").clear());
    expect(await load("bob")).toBe(0);
    expect(await load("alice")).toBe(43);
  });

  it("is shared by two tabs of one browser", async () => {
    const other = await context.newPage();
    await other.goto(page.url());
    await other.evaluate(() => new globalThis.storage.IdbCursorStore("dave").save(99));
    expect(await load("dave")).toBe(99);
    await other.close();
  });
});

describe("ChatCache and IdbOutboxStore in Chromium", () => {
  it("keeps a room's newest messages up to the limit", async () => {
    const kept = await page.evaluate(async () => {
      const { ChatCache, CACHED_MESSAGES_PER_ROOM: limit } = globalThis.storage;
      const cache = new ChatCache("erin");
      const run = (n: number) =>
        Array.from({ length: n }, (_, i) => ({
          roomId: "grp:a",
          seq: i + 1,
          kind: "text" as const,
          senderId: "u1",
          body: `m${i + 1}`,
          createdAt: i + 1,
        }));
      await cache.saveMessages("grp:a", run(limit));
      const atLimit = (await cache.load()).messages.get("grp:a")?.length;
      await cache.saveMessages("grp:a", run(limit + 1));
      const over = (await cache.load()).messages.get("grp:a") ?? [];
      return { limit, atLimit, overLength: over.length, oldest: over[0]?.seq };
    });
    expect(kept.atLimit).toBe(kept.limit);
    expect(kept.overLength).toBe(kept.limit);
    expect(kept.oldest).toBe(2);
  });

  it("skips cached records that do not fit, as an older version might have left", async () => {
    const loaded = await page.evaluate(async () => {
      const { ChatCache, putRaw } = globalThis.storage;
      const room = {
        id: "grp:b",
        kind: "group",
        title: "ok",
        lastSeq: 1,
        lastMessage: null,
        lastActivityAt: 1,
        unreadCount: 0,
        readSeq: 0,
        membership: "member",
        muted: false,
      };
      await putRaw("rooms", "frank", [
        room,
        { id: 7 },
        null,
        { ...room, lastMessage: { seq: "x" } },
      ]);
      await putRaw("people", "frank", "not a list");
      await putRaw("messages", ["frank", "grp:b"], [{ roomId: "grp:b", seq: 1 }, "junk"]);
      const cache = await new ChatCache("frank").load();
      return {
        rooms: cache.rooms.map((r) => r.id),
        people: cache.people,
        roomsWithMessages: cache.messages.size,
      };
    });
    expect(loaded).toEqual({ rooms: ["grp:b"], people: [], roomsWithMessages: 0 });
  });

  it("keeps unsent messages per user, and sign-out forgets only that user's records", async () => {
    const result = await page.evaluate(async () => {
      const { ChatCache, IdbOutboxStore, putRaw } = globalThis.storage;
      const gina = new IdbOutboxStore("gina");
      const hank = new IdbOutboxStore("hank");
      await gina.put({ roomId: "dm:a:b", clientMsgId: "c1", body: "one", createdAt: 1 });
      await gina.put({ roomId: "dm:a:b", clientMsgId: "c2", body: "two", createdAt: 2 });
      await hank.put({ roomId: "dm:a:b", clientMsgId: "c1", body: "hank's", createdAt: 3 });
      await putRaw("outbox", ["gina", "bad"], { clientMsgId: "bad" });
      await gina.delete("c1");
      const ginaLeft = (await gina.load()).map((m) => m.body);
      await new ChatCache("hank").saveMessages("dm:a:b", []);
      await new ChatCache("gina").clear();
      return { ginaLeft, ginaAfter: await gina.load(), hankAfter: (await hank.load()).length };
    });
    expect(result).toEqual({ ginaLeft: ["two"], ginaAfter: [], hankAfter: 1 });
  });

  it("keeps a reply's target and a queued change, and skips a change that does not fit", async () => {
    const loaded = await page.evaluate(async () => {
      const { IdbOutboxStore, putRaw } = globalThis.storage;
      const ola = new IdbOutboxStore("ola");
      const common = { roomId: "dm:a:b", body: "", createdAt: 1 };
      await ola.put({ ...common, clientMsgId: "r", body: "yes", replyTo: 4 });
      await ola.put({
        ...common,
        clientMsgId: "e",
        body: "fixed",
        change: { kind: "edit", target: 4, body: "fixed" },
      });
      await ola.put({
        ...common,
        clientMsgId: "x",
        change: { kind: "reaction", target: 4, emoji: "👍", on: true },
      });
      const odd = { kind: "reaction", target: 4, emoji: "🦄", on: true };
      await putRaw("outbox", ["ola", "odd"], { ...common, clientMsgId: "odd", change: odd });
      return (await ola.load()).sort((a, b) => a.clientMsgId.localeCompare(b.clientMsgId));
    });
    expect(
      loaded.map(({ clientMsgId, replyTo, change }) => ({ clientMsgId, replyTo, change })),
    ).toEqual([
      { clientMsgId: "e", replyTo: undefined, change: { kind: "edit", target: 4, body: "fixed" } },
      { clientMsgId: "r", replyTo: 4, change: undefined },
      {
        clientMsgId: "x",
        replyTo: undefined,
        change: { kind: "reaction", target: 4, emoji: "👍", on: true },
      },
    ]);
  });

  it("keeps a message's files and their upload ids across a reload, until it is gone", async () => {
    const put = () =>
      page.evaluate(async () => {
        const { IdbOutboxStore } = globalThis.storage;
        const ivy = new IdbOutboxStore("ivy");
        const photo = new Blob([new Uint8Array([1, 2, 3])], { type: "image/jpeg" });
        const thumb = new Blob([new Uint8Array([4])], { type: "image/jpeg" });
        const file = {
          key: "0",
          blob: photo,
          type: "image/jpeg" as const,
          name: "a.jpg",
          width: 3,
          height: 1,
          thumb,
          thumbId: null,
          uploaded: null,
        };
        const pdf = {
          ...file,
          key: "1",
          blob: new Blob(["%PDF-"]),
          type: "application/pdf" as const,
        };
        const message = { roomId: "dm:a:b", clientMsgId: "f1", body: "", createdAt: 1 };
        await ivy.put({ ...message, files: [file, { ...pdf, thumb: null }] });
        const uploaded = {
          id: "m1",
          type: "image/jpeg" as const,
          size: 3,
          name: "a.jpg",
          width: 3,
          height: 1,
          thumbId: "t1",
        };
        await ivy.put({
          ...message,
          files: [
            { ...file, thumbId: "t1", uploaded },
            { ...pdf, thumb: null },
          ],
        });
      });
    const read = () =>
      page.evaluate(async () => {
        const [kept] = await new globalThis.storage.IdbOutboxStore("ivy").load();
        const files = await Promise.all(
          (kept?.files ?? []).map(async (f) => ({
            key: f.key,
            bytes: [...new Uint8Array(await f.blob.arrayBuffer())],
            thumb: f.thumb ? [...new Uint8Array(await f.thumb.arrayBuffer())] : null,
            uploaded: f.uploaded?.id ?? null,
            thumbId: f.thumbId,
          })),
        );
        return { count: kept ? 1 : 0, files };
      });
    await put();
    await page.reload();
    expect(await read()).toEqual({
      count: 1,
      files: [
        { key: "0", bytes: [1, 2, 3], thumb: [4], uploaded: "m1", thumbId: "t1" },
        { key: "1", bytes: [37, 80, 68, 70, 45], thumb: null, uploaded: null, thumbId: null },
      ],
    });
    await page.evaluate(() => new globalThis.storage.IdbOutboxStore("ivy").delete("f1"));
    expect(await read()).toEqual({ count: 0, files: [] });
    const left = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve) => {
        const open = indexedDB.open("edge-chat");
        open.onsuccess = () => resolve(open.result);
      });
      const keys = await new Promise<IDBValidKey[]>((resolve) => {
        const request = db.transaction("outbox-files").objectStore("outbox-files").getAllKeys();
        request.onsuccess = () => resolve(request.result);
      });
      db.close();
      return keys.filter((k) => Array.isArray(k) && k[0] === "ivy").length;
    });
    expect(left).toBe(0);
  });
});
