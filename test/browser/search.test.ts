/**
 * Search in real Chromium against `wrangler dev`, on a phone-sized and a laptop-sized
 * window: across all chats from the app bar, the matches marked in each snippet with the
 * chat, the sender and the time; a result opens its room at the message, landed on and
 * marked, older messages above and newer below, paging both ways as it scrolls until it
 * meets the newest messages; a message that comes in meanwhile does not move the reader,
 * and "Jump to latest" goes to it. Within a chat only its own hits, more by "More results";
 * no results and a refusal said so.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import type { SearchPage } from "../../src/protocol";
import { sharedBrowser } from "./shared-browser";
import { inView, item, LAPTOP, log, PHONE } from "./timeline";
import { callAs, createRoom, sendOverHttp, signedInPage, signUp, type TestUser } from "./users";

const appUrl = inject("appUrl");
const chromium = sharedBrowser();

/**
 * Messages in the long chat: "g1" … "g120", the 20th also holding the word looked for. More
 * than a connect fetches of a room (its newest 50), so the 20th is not held when opened.
 */
const COUNT = 120;
const HIT = 20;
const body = (i: number) => (i === HIT ? `g${i} zebra crossing` : `g${i}`);

/** Two chats of Alice and Bob with a "zebra" in each: "Garden" (long) and "Kitchen". */
async function seed(): Promise<{
  bob: TestUser;
  alice: TestUser;
  garden: string;
  kitchen: string;
}> {
  const alice = await signUp(appUrl, "Alice");
  const bob = await signUp(appUrl, "Bob");
  const garden = await createRoom(appUrl, alice, {
    kind: "group",
    title: "Garden",
    memberIds: [bob.id],
  });
  const kitchen = await createRoom(appUrl, alice, {
    kind: "group",
    title: "Kitchen",
    memberIds: [bob.id],
  });
  for (let i = 1; i <= COUNT; i++) await sendOverHttp(appUrl, alice, garden, body(i));
  await sendOverHttp(appUrl, alice, kitchen, "a zebra in the kitchen");
  // Search reads the archive, which each room fills about a second after a message.
  await expect
    .poll(
      async () =>
        (await callAs<SearchPage>(appUrl, bob, "GET", "/api/search?q=zebra")).results.length,
      { timeout: 15_000, interval: 250 },
    )
    .toBe(2);
  return { alice, bob, garden, kitchen };
}

/** Whether the message is about the middle of the timeline's visible part (landed on). */
const centred = (page: Page, text: string) =>
  item(page, text).evaluate((el) => {
    const list = el.closest(".messages") as HTMLElement;
    const a = el.getBoundingClientRect();
    const b = list.getBoundingClientRect();
    return Math.abs((a.top + a.bottom) / 2 - (b.top + b.bottom) / 2) < b.height / 4;
  });
const held = (page: Page, i: number) => item(page, body(i)).count();
const scrollTimeline = (page: Page, to: "top" | "bottom") =>
  log(page).evaluate((el, end) => {
    el.scrollTop = end === "top" ? 0 : el.scrollHeight;
  }, to);
const results = (page: Page) => page.getByRole("list", { name: "Results" }).getByRole("link");

describe.each([
  ["phone", PHONE],
  ["laptop", LAPTOP],
] as const)("search on a %s-sized window", (_name, viewport) => {
  it("finds a message in another chat and opens it there, paging both ways to the newest", async () => {
    const { alice, bob, garden } = await seed();
    const { context, page } = await signedInPage(chromium.browser, appUrl, bob, { viewport });
    // The link is an icon: big enough to tap, its glass drawn.
    const link = page.getByRole("link", { name: "Search", exact: true });
    expect((await link.boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(40);
    expect((await link.locator("svg").boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(20);
    await link.click();
    await page.getByRole("heading", { name: "Search messages" }).waitFor();
    await page.getByRole("searchbox", { name: "Words to find" }).fill("zebra");
    await page.getByRole("searchbox", { name: "Words to find" }).press("Enter");
    await expect.poll(() => new URL(page.url()).search).toBe("?q=zebra");
    await expect.poll(() => results(page).count()).toBe(2);
    await page.getByRole("status").getByText("2 results").waitFor();
    // Newest first: the kitchen's, then the garden's; each with its chat, sender and time,
    // the word marked.
    const hit = results(page).nth(1);
    expect(await hit.locator(".hit-room").textContent()).toBe("Garden");
    expect(await hit.locator(".hit-sender").textContent()).toBe("Alice");
    expect(await hit.locator("time").getAttribute("datetime")).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await hit.locator(".hit-snippet").textContent()).toBe("g20 zebra crossing");
    expect(await hit.locator("mark").allTextContents()).toEqual(["zebra"]);
    expect(await results(page).nth(0).locator(".hit-room").textContent()).toBe("Kitchen");

    // Chosen with the keyboard: the room opens at the message, marked and focused.
    await hit.focus();
    await page.keyboard.press("Enter");
    const at = new RegExp(`^${appUrl}/rooms/${encodeURIComponent(garden)}\\?at=\\d+$`);
    await expect.poll(() => page.url()).toMatch(at);
    const landed = async () => {
      await item(page, body(HIT)).and(page.locator(".jumped")).waitFor();
      expect(await centred(page, body(HIT))).toBe(true);
      // About half a page older above it, the rest newer below; not the newest.
      expect(await held(page, HIT - 1)).toBe(1);
      expect(await held(page, HIT + 1)).toBe(1);
      expect(await held(page, COUNT)).toBe(0);
      await page.getByRole("button", { name: "Jump to latest" }).waitFor();
    };
    await landed();
    expect(
      await page.evaluate(() => document.activeElement?.textContent?.includes("g20 zebra")),
    ).toBe(true);
    // Reloading the address does the same.
    await page.reload();
    await landed();

    // A message that comes in meanwhile moves nothing: it waits at the live end.
    await sendOverHttp(appUrl, alice, garden, "fresh news");
    await page.waitForTimeout(1000);
    expect(await inView(page, body(HIT))).toBe(true);
    expect(await item(page, "fresh news").count()).toBe(0);

    // Up: older pages to the first message, the reader kept where they were.
    for (let i = 0; i < 10 && (await held(page, 1)) === 0; i++) {
      await scrollTimeline(page, "top");
      await page.waitForTimeout(300);
    }
    await log(page).getByText("This is the beginning of the chat.").waitFor();
    expect(await held(page, HIT)).toBe(1);

    // Jump to latest: the newest messages, the message that came in among them.
    await page.getByRole("button", { name: "Jump to latest" }).click();
    await item(page, "fresh news").waitFor();
    await expect.poll(() => inView(page, "fresh news")).toBe(true);
    expect(page.url()).toBe(`${appUrl}/rooms/${encodeURIComponent(garden)}`);

    // Back to the results, the query kept; the same result again.
    await page.goBack();
    await expect.poll(() => new URL(page.url()).search).toBe("?q=zebra");
    await expect.poll(() => results(page).count()).toBe(2);
    await results(page).nth(1).click();
    await landed();
    expect(await item(page, "fresh news").count()).toBe(0);
    // Down: a newer page comes in below the reader, who stays where they were (no snapping
    // to its end); on until the window meets the newest, then it is the room as always.
    const end = await log(page).evaluate((el) => el.scrollHeight);
    await scrollTimeline(page, "bottom");
    await item(page, body(HIT + 30)).waitFor();
    expect(await log(page).evaluate((el, end) => el.scrollTop < end, end)).toBe(true);
    expect(await inView(page, body(HIT + 15))).toBe(true);
    expect(await inView(page, body(HIT + 30))).toBe(false);
    for (let i = 0; i < 20 && (await item(page, "fresh news").count()) === 0; i++) {
      await scrollTimeline(page, "bottom");
      await page.waitForTimeout(300);
    }
    await item(page, "fresh news").waitFor();
    for (let i = HIT - 14; i <= COUNT; i++)
      expect({ i, held: await held(page, i) }).toEqual({ i, held: 1 });
    await page.getByRole("button", { name: "Jump to latest" }).waitFor({ state: "detached" });
    await scrollTimeline(page, "bottom");
    await sendOverHttp(appUrl, alice, garden, "and more news");
    await item(page, "and more news").waitFor();
    await expect.poll(() => inView(page, "and more news")).toBe(true);
    await context.close();
  });

  it("searches within one chat: only its hits, more on request, and says when there are none", async () => {
    const { bob, garden } = await seed();
    const { context, page } = await signedInPage(chromium.browser, appUrl, bob, { viewport });
    await page.goto(`${appUrl}/rooms/${garden}`);
    await page.getByRole("link", { name: "Search in this chat" }).click();
    await page.getByRole("heading", { name: "Search in Garden" }).waitFor();
    const field = page.getByRole("searchbox", { name: "Words to find" });
    await field.fill("zebra");
    await field.press("Enter");
    await expect.poll(() => results(page).count()).toBe(1);
    await page.getByRole("status").getByText("1 result", { exact: true }).waitFor();
    expect(await results(page).locator(".hit-snippet").textContent()).toBe("g20 zebra crossing");
    expect(new URL(page.url()).pathname).toBe(`/rooms/${encodeURIComponent(garden)}/search`);
    // More results by the cursor: "g1" is in g1, g10 to g19 and g100 to g120.
    await field.fill("g1");
    await field.press("Enter");
    await expect.poll(() => results(page).count()).toBe(20);
    await page.getByRole("button", { name: "More results" }).click();
    await expect.poll(() => results(page).count()).toBe(32);
    await page.getByRole("button", { name: "More results" }).waitFor({ state: "detached" });
    expect(await results(page).first().locator("mark").textContent()).toBe("g1");
    // A refusal (more than eight words) in the reader's words.
    await field.fill("a b c d e f g h i");
    await field.press("Enter");
    await page
      .getByRole("alert")
      .getByText("Something you entered isn't valid. Check it and try again.")
      .waitFor();
    await field.fill("kitchen");
    await field.press("Enter");
    await page.getByText("No messages with “kitchen”.").waitFor();
    expect(await results(page).count()).toBe(0);
    // Korean too.
    await page.getByRole("combobox", { name: "Language" }).selectOption("ko");
    await page.getByText("“kitchen” 검색 결과가 없어요.").waitFor();
    await context.close();
  });
});
