/**
 * The timeline's shape in real Chromium against `wrangler dev`: messages in runs of one
 * sender (one avatar and name at the start, one time at the end) under a date separator
 * ("Today", "Yesterday", else the date); read marks only where they change, in a direct
 * chat and a group; on a phone and a laptop, a room opened with unread messages lands on a
 * "New messages" divider above the first of them, and messages that come in while the
 * reader is scrolled up show as a "↓ N new" button that goes down to them.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { sharedBrowser } from "./shared-browser";
import { composer, inView, item, LAPTOP, log, PHONE } from "./timeline";
import { callAs, createRoom, sendOverHttp, signedInPage, signUp } from "./users";

const appUrl = inject("appUrl");
const chromium = sharedBrowser();

/** What the timeline shows, in order: separators as `— label —`, messages by their text. */
const lines = (page: Page) =>
  log(page)
    .locator("li.day, li.unread-divider, li.msg")
    .evaluateAll((nodes) =>
      nodes.map((n) =>
        n.matches("li.msg")
          ? (n.querySelector(".body")?.textContent ?? "")
          : `— ${n.textContent ?? ""} —`,
      ),
    );

describe("runs, dates and read marks", () => {
  it("shows each sender's run once, under the day's separator, the marks where they change", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const carol = await signUp(appUrl, "Carol");
    const dave = await signUp(appUrl, "Dave");
    const group = await createRoom(appUrl, alice, {
      kind: "group",
      title: "Runs",
      memberIds: [bob.id, carol.id, dave.id],
    });
    for (const text of ["a1", "a2"]) await sendOverHttp(appUrl, alice, group, text);
    await sendOverHttp(appUrl, carol, group, "c1");
    for (const text of ["a3", "a4"]) await sendOverHttp(appUrl, alice, group, text);
    const b = await signedInPage(chromium.browser, appUrl, bob, { viewport: LAPTOP });
    await b.page.locator("ul.rooms").getByRole("link", { name: /^Runs/ }).click();
    await item(b.page, "a4").waitFor();
    // Bob has not read any: the divider is above the first.
    expect(await lines(b.page)).toEqual([
      "— Today —",
      "— New messages —",
      "a1",
      "a2",
      "c1",
      "a3",
      "a4",
    ]);
    // Three runs: Alice's, Carol's, Alice's again; a name and an avatar at each start, a
    // time at each end.
    const starts = log(b.page).locator("li.msg.run-start");
    expect(await starts.locator(".body").allTextContents()).toEqual(["a1", "c1", "a3"]);
    await expect
      .poll(() => starts.locator(".sender").allTextContents())
      .toEqual(["Alice", "Carol", "Alice"]);
    expect(await log(b.page).locator("li.msg .msg-avatar").count()).toBe(3);
    const timed = log(b.page)
      .locator("li.msg")
      .filter({ has: b.page.locator("time") });
    expect(await timed.locator(".body").allTextContents()).toEqual(["a2", "c1", "a4"]);

    // Who has not read each: Dave none of them (1, 1, 1), Carol not Alice's after hers too
    // (2, 2). A count shows where it changes: on c1 and on a4.
    const marks = () =>
      log(b.page)
        .locator("li.msg")
        .evaluateAll((nodes) =>
          nodes.map((n) => [
            n.querySelector(".body")?.textContent ?? "",
            n.querySelector(".mark [aria-hidden]")?.textContent ?? "",
          ]),
        );
    await expect.poll(marks).toEqual([
      ["a1", ""],
      ["a2", ""],
      ["c1", "1"],
      ["a3", ""],
      ["a4", "2"],
    ]);
    await b.context.close();
  });

  it("shows Read on the last message read in a direct chat, not on each", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    const a = await signedInPage(chromium.browser, appUrl, alice, { viewport: LAPTOP });
    await a.page.goto(`${appUrl}/rooms/${encodeURIComponent(roomId)}`);
    for (const text of ["one", "two", "three"]) {
      await composer(a.page).fill(text);
      await composer(a.page).press("Enter");
      await item(a.page, text).locator(".mark").waitFor();
    }
    // Each a mark of its own before: now one "Sent" or "Delivered" for the three.
    await expect.poll(() => log(a.page).locator(".mark").count()).toBe(1);
    const b = await signedInPage(chromium.browser, appUrl, bob, { viewport: LAPTOP });
    await b.page.goto(`${appUrl}/rooms/${encodeURIComponent(roomId)}`);
    await item(a.page, "three").getByText("Read").waitFor();
    expect(await log(a.page).locator(".mark").count()).toBe(1);
    // Alice writes again: Read stays on what Bob read, the new one has its own mark.
    await b.context.close();
    await composer(a.page).fill("four");
    await composer(a.page).press("Enter");
    await item(a.page, "four").locator(".mark").waitFor();
    await item(a.page, "three").getByText("Read").waitFor();
    expect(await log(a.page).locator(".mark").count()).toBe(2);
    await a.context.close();
  });

  it('labels days "Today", "Yesterday", then by date in the reader\'s locale', async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    await sendOverHttp(appUrl, alice, roomId, "sent today");
    const b = await signedInPage(chromium.browser, appUrl, bob, {
      viewport: LAPTOP,
      locale: "en-GB",
    });
    await b.page.goto(`${appUrl}/rooms/${encodeURIComponent(roomId)}`);
    await item(b.page, "sent today").waitFor();
    const day = log(b.page).locator("li.day");
    await expect.poll(() => day.allTextContents()).toEqual(["Today"]);
    // The page's clock a day on, then three: the same message's day reads so.
    // (Bob's messages draw the screen again; the server dates them by its own clock.)
    const sent = Date.now();
    await b.page.clock.setFixedTime(sent + 24 * 3_600_000);
    await composer(b.page).fill("a day later");
    await composer(b.page).press("Enter");
    await expect.poll(() => day.allTextContents()).toEqual(["Yesterday"]);
    await b.page.clock.setFixedTime(sent + 3 * 24 * 3_600_000);
    await composer(b.page).fill("three days later");
    await composer(b.page).press("Enter");
    const date = new Intl.DateTimeFormat("en-GB", {
      weekday: "long",
      month: "long",
      day: "numeric",
    }).format(sent);
    await expect.poll(() => day.allTextContents()).toEqual([date]);
    await b.context.close();
  });
});

describe.each([
  ["phone", PHONE],
  ["laptop", LAPTOP],
] as const)("new messages, %s-sized", (_, viewport) => {
  it("opens on a divider above the first unread; what comes while scrolled up waits under ↓ N new", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, alice, {
      kind: "group",
      title: "Busy",
      memberIds: [bob.id],
    });
    for (let i = 1; i <= 5; i++) await sendOverHttp(appUrl, alice, roomId, `read ${i}`);
    // Bob has read those (on another device, say), then 30 more come while he is in his list.
    await callAs(appUrl, bob, "POST", `/api/rooms/${encodeURIComponent(roomId)}/read`, {
      seq: 6,
    });
    const b = await signedInPage(chromium.browser, appUrl, bob, { viewport });
    for (let i = 1; i <= 30; i++) await sendOverHttp(appUrl, alice, roomId, `new ${i}`);
    await b.page
      .locator("ul.rooms")
      .getByRole("link", { name: /^Busy/ })
      .getByText("30 unread messages")
      .waitFor();

    await b.page.locator("ul.rooms").getByRole("link", { name: /^Busy/ }).click();
    await item(b.page, "new 30").waitFor({ state: "attached" });
    const divider = log(b.page).locator("li.unread-divider");
    await divider.getByText("New messages").waitFor();
    const around = await lines(b.page);
    expect(around[around.indexOf("— New messages —") + 1]).toBe("new 1");
    // It landed there, not at the bottom.
    await expect.poll(() => inView(b.page, "new 1")).toBe(true);
    expect(await inView(b.page, "new 30")).toBe(false);
    expect(await b.page.getByRole("button", { name: /new$/ }).count()).toBe(0);

    // Two more while Bob reads up there: a button tells, and takes him down.
    await sendOverHttp(appUrl, alice, roomId, "late 1");
    await sendOverHttp(appUrl, alice, roomId, "late 2");
    const button = b.page.getByRole("button", { name: "2 new" });
    await button.waitFor();
    expect(await inView(b.page, "late 2")).toBe(false);
    await button.click();
    await expect.poll(() => inView(b.page, "late 2")).toBe(true);
    await button.waitFor({ state: "detached" });
    // At the bottom, what comes next just shows.
    await sendOverHttp(appUrl, alice, roomId, "late 3");
    await expect.poll(() => inView(b.page, "late 3")).toBe(true);
    expect(await b.page.getByRole("button", { name: /new$/ }).count()).toBe(0);
    // The divider stays where the unread began for this visit.
    expect(await divider.count()).toBe(1);
    await b.context.close();
  });
});
