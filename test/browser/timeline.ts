/** Locators of the open room's timeline and composer, shared by the browser tests of messages. */
import type { Page } from "playwright-core";

export const log = (page: Page) => page.getByRole("log");
export const composer = (page: Page) => page.getByRole("textbox", { name: "Message" });
/** A pattern that matches `text` exactly, whatever characters it holds. */
export const exactly = (text: string) =>
  new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
/** The timeline's item of the message whose own text (not a quote's) is exactly `text`. */
export const item = (page: Page, text: string) =>
  log(page)
    .locator("li.msg")
    .filter({ has: page.locator(".body", { hasText: exactly(text) }) });
/** Whether the message whose text is `text` is inside the timeline's visible part. */
export const inView = (page: Page, text: string) =>
  item(page, text).evaluate((el) => {
    const list = el.closest(".messages") as HTMLElement;
    const a = el.getBoundingClientRect();
    const b = list.getBoundingClientRect();
    return a.bottom > b.top && a.top < b.bottom;
  });
/** Window sizes the layout's tests use: one screen at a time, and two panes. */
export const PHONE = { width: 390, height: 844 };
export const LAPTOP = { width: 1280, height: 800 };

/**
 * From a room back to the chat list, in any language: the room's Back link on a phone;
 * beside the list (two panes) there is none, and the app's name goes home.
 */
export async function toChats(page: Page): Promise<void> {
  const back = page.locator(".room-head a[href='/']");
  if (await back.isVisible()) await back.click();
  else await page.locator(".bar h1 a").click();
  await log(page).waitFor({ state: "detached" }); // the room is closed
  await page.locator("ul.rooms").waitFor();
}
