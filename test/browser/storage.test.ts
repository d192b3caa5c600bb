/**
 * The web client's IndexedDB storage in real Chromium. The SDK's cursor survives a reload,
 * only moves forward, is kept per user, and clears on sign-out. The offline cache keeps the
 * newest CACHED_MESSAGES_PER_ROOM messages of a room and skips records that do not fit; the
 * outbox keeps unsent messages per user; sign-out forgets one user's records only.
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
});
