/**
 * The SDK's cursor kept in IndexedDB (web/src/storage/cursor-store.ts), in real Chromium:
 * it survives a reload, only moves forward, is kept per user, and clears on sign-out.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IdbCursorStore } from "../../web/src/storage/cursor-store";
import { bundle } from "./bundle";
import { launchChromium } from "./chromium";
import { fixturePage } from "./page";

declare global {
  var storage: { IdbCursorStore: typeof IdbCursorStore };
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
