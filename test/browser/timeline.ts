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
