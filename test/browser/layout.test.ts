/**
 * The app's layout in real Chromium against `wrangler dev`, on a laptop-sized window (two
 * panes) and a phone-sized one (a screen at a time): the chat list beside the open chat,
 * kept while the user switches rooms, the open room's row marked current; on a phone, the
 * room's one-row header alone above the messages; the focus in the composer when a room
 * opens, and Esc back to the list unless a menu, a dialog, an edit or a reply takes it;
 * avatars with initials on each person's own colour, the same in every list.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { avatarColors } from "../../web/src/ui/avatar-look";
import { sharedBrowser } from "./shared-browser";
import { composer, item, LAPTOP, log, PHONE } from "./timeline";
import { createRoom, sendOverHttp, signedInPage, signUp } from "./users";

const appUrl = inject("appUrl");
const chromium = sharedBrowser();

const row = (page: Page, title: string) =>
  page.locator("ul.rooms").getByRole("link", { name: new RegExp(`^${title}`) });
const isFocused = (page: Page, selector: string) =>
  page.evaluate((s) => document.activeElement?.matches(s) === true, selector);
const composerFocused = (page: Page) => isFocused(page, 'textarea[placeholder="Message"]');

/** "#aabbcc" as the browser computes it: "rgb(170, 187, 204)". */
const rgb = (hex: string) =>
  `rgb(${[1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(", ")})`;

describe("two panes on a laptop-sized window", () => {
  it("keeps the list beside the chat while the user switches rooms, the open one marked", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const direct = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    await createRoom(appUrl, alice, { kind: "group", title: "Plans", memberIds: [bob.id] });
    await sendOverHttp(appUrl, alice, direct, "hello Bob");
    const b = await signedInPage(chromium.browser, appUrl, bob, { viewport: LAPTOP });
    const page = b.page;
    // "/" shows the list and a prompt beside it.
    await page.getByText("Choose a chat to read it here.").waitFor();
    await row(page, "Alice").waitFor();
    await row(page, "Plans").waitFor();
    await page.evaluate(() => {
      (window as unknown as { list: Element | null }).list = document.querySelector("ul.rooms");
    });
    const inboxFetches: string[] = [];
    page.on("request", (r) => {
      if (new URL(r.url()).pathname === "/api/rooms") inboxFetches.push(r.url());
    });

    await row(page, "Alice").click();
    await page.getByRole("heading", { name: "Alice" }).waitFor();
    await log(page).getByText("hello Bob").waitFor();
    expect(await row(page, "Alice").getAttribute("aria-current")).toBe("page");
    expect(await row(page, "Plans").getAttribute("aria-current")).toBeNull();
    // No Back in two panes: the list is right there.
    expect(await page.getByRole("link", { name: "Back" }).count()).toBe(0);

    await row(page, "Plans").click();
    await page.getByRole("heading", { name: "Plans" }).waitFor();
    expect(await row(page, "Plans").getAttribute("aria-current")).toBe("page");
    expect(await row(page, "Alice").getAttribute("aria-current")).toBeNull();
    // The same list, not a new one: nothing reloaded, nothing fetched again.
    const same = await page.evaluate(
      () =>
        (window as unknown as { list: Element | null }).list === document.querySelector("ul.rooms"),
    );
    expect(same).toBe(true);
    expect(inboxFetches).toEqual([]);
    // The room's info shows beside the list too.
    await page.getByRole("link", { name: "Room info" }).click();
    await page.getByRole("heading", { name: "Members" }).waitFor();
    expect(await row(page, "Plans").getAttribute("aria-current")).toBe("page");
    await b.context.close();
  });

  it("focuses the composer when a room opens; Esc goes to the room's row in the list", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    const b = await signedInPage(chromium.browser, appUrl, bob, { viewport: LAPTOP });
    await row(b.page, "Alice").click();
    await b.page.getByRole("heading", { name: "Alice" }).waitFor();
    await expect.poll(() => composerFocused(b.page)).toBe(true);
    await b.page.keyboard.press("Escape");
    expect(await isFocused(b.page, 'a.room[aria-current="page"]')).toBe(true);
    // The room stays open beside it.
    expect(await b.page.getByRole("heading", { name: "Alice" }).count()).toBe(1);
    await b.context.close();
  });
});

describe("a phone-sized window", () => {
  it("shows one screen at a time, the room under a one-row header of its own", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, alice, {
      kind: "group",
      title: "A group with a name far too long for one line on a phone screen",
      memberIds: [bob.id],
    });
    await sendOverHttp(appUrl, alice, roomId, "hi");
    const b = await signedInPage(chromium.browser, appUrl, bob, { viewport: PHONE });
    await row(b.page, "A group").click();
    const title = b.page.getByRole("heading", { name: /^A group/ });
    await title.waitFor();
    expect(await b.page.locator("ul.rooms").count()).toBe(0);
    // The app's bar gives way: the room's header is the one row above the messages.
    expect(await b.page.getByRole("link", { name: "Profile" }).count()).toBe(0);
    const header = await b.page.locator(".room-head").boundingBox();
    expect(header?.height).toBeLessThan(64);
    const heights = await title.evaluate((el) => [el.scrollHeight, el.clientHeight]);
    expect(heights[0]).toBe(heights[1]); // one line, cut with an ellipsis
    expect(await b.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PHONE.width,
    );
    await b.page.getByRole("link", { name: "Room info" }).waitFor();
    await b.page.getByRole("link", { name: "Back" }).click();
    await b.page.getByRole("heading", { name: /Chats/ }).waitFor();
    await b.page.getByRole("link", { name: "Profile" }).waitFor();
    await b.context.close();
  });

  it("goes back to the list with Esc, unless a menu, a dialog, an edit or a reply takes it", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    await sendOverHttp(appUrl, alice, roomId, "from Alice");
    const b = await signedInPage(chromium.browser, appUrl, bob, { viewport: PHONE });
    await row(b.page, "Alice").click();
    const heading = b.page.getByRole("heading", { name: "Alice" });
    await heading.waitFor();
    await expect.poll(() => composerFocused(b.page)).toBe(true);
    await composer(b.page).fill("my own");
    await composer(b.page).press("Enter");
    const mine = item(b.page, "my own");
    await mine.waitFor();
    const theirs = item(b.page, "from Alice");
    const stays = async () => {
      await b.page.waitForTimeout(200);
      expect(await heading.count()).toBe(1);
    };

    // A menu: Esc closes it.
    await theirs.focus();
    await b.page.keyboard.press("Enter");
    const menu = b.page.getByRole("menu", { name: "Message actions" });
    await menu.waitFor();
    await b.page.keyboard.press("Escape");
    await menu.waitFor({ state: "detached" });
    await stays();
    // A dialog: Esc closes it.
    await theirs.focus();
    await b.page.keyboard.press("Enter");
    await menu.getByRole("menuitem", { name: "Report" }).click();
    const dialog = b.page.getByRole("dialog", { name: "Report message" });
    await dialog.waitFor();
    await b.page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    await stays();
    // A reply: Esc in the composer cancels it.
    await theirs.focus();
    await b.page.keyboard.press("Enter");
    await menu.getByRole("menuitem", { name: "Reply" }).click();
    const quote = b.page.locator(".reply-draft");
    await quote.waitFor();
    await composer(b.page).press("Escape");
    await quote.waitFor({ state: "detached" });
    await stays();
    // An edit: Esc cancels it.
    await mine.focus();
    await b.page.keyboard.press("Enter");
    await menu.getByRole("menuitem", { name: "Edit" }).click();
    await b.page.locator("#edit-draft").waitFor();
    await composer(b.page).press("Escape");
    await b.page.locator("#edit-draft").waitFor({ state: "detached" });
    await stays();

    // Nothing else to close: Esc goes back, the focus on the room's row.
    await composer(b.page).press("Escape");
    await b.page.getByRole("heading", { name: /Chats/ }).waitFor();
    await expect.poll(() => isFocused(b.page, `a.room[data-room="${roomId}"]`)).toBe(true);
    await b.context.close();
  });
});

describe.each([
  ["light", "light"],
  ["dark", "dark"],
] as const)("avatars, %s scheme", (_, scheme) => {
  it("show initials on the person's own colour in the inbox, the members and the runs", async () => {
    const alice = await signUp(appUrl, "Alice Kim");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, alice, {
      kind: "group",
      title: "Team",
      memberIds: [bob.id],
    });
    const direct = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    await sendOverHttp(appUrl, alice, roomId, "one");
    await sendOverHttp(appUrl, alice, direct, "hi");
    const b = await signedInPage(chromium.browser, appUrl, bob, {
      viewport: LAPTOP,
      colorScheme: scheme,
    });
    const colors = avatarColors(alice.id)[scheme];
    const expectLook = async (avatar: ReturnType<Page["locator"]>) => {
      await expect.poll(() => avatar.textContent()).toBe("AK");
      const look = await avatar.evaluate((el) => {
        const style = getComputedStyle(el);
        return [style.backgroundColor, style.color];
      });
      expect(look).toEqual([rgb(colors.background), rgb(colors.text)]);
    };
    // The inbox row of the direct chat, the message run's start, the member list.
    await expectLook(row(b.page, "Alice Kim").locator(".avatar"));
    await b.page.goto(`${appUrl}/rooms/${encodeURIComponent(roomId)}`);
    await expectLook(item(b.page, "one").locator(".msg-avatar"));
    await b.page.goto(`${appUrl}/rooms/${encodeURIComponent(roomId)}/info`);
    await expectLook(b.page.locator("ul.members li", { hasText: "Alice Kim" }).locator(".avatar"));
    await b.context.close();
  });
});
