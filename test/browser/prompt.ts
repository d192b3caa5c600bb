/**
 * The browser's notification prompt and the page's visibility, which a test cannot reach in
 * headless Chromium: the headless shell answers `Notification.permission` "denied" whatever is
 * granted (see worker.ts), no one can click its prompt, and a page never goes hidden. An
 * init script stands in for them, before the app's first script runs:
 * `Notification.permission` starts "default" (kept across reloads of the tab), and
 * `Notification.requestPermission()` counts its calls and answers "granted";
 * `document.visibilityState` says what `setHidden` last set.
 */
import type { BrowserContext, Page } from "playwright-core";

export async function fakePromptAndVisibility(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const KEY = "test.notification-permission";
    const scope = globalThis as unknown as { __asked: number; __hidden: boolean };
    scope.__asked = 0;
    scope.__hidden = false;
    Object.defineProperty(Notification, "permission", {
      configurable: true,
      get: () => sessionStorage.getItem(KEY) ?? "default",
    });
    Notification.requestPermission = async () => {
      scope.__asked++;
      sessionStorage.setItem(KEY, "granted");
      return "granted";
    };
    Object.defineProperty(Document.prototype, "visibilityState", {
      configurable: true,
      get: () => (scope.__hidden ? "hidden" : "visible"),
    });
    Object.defineProperty(Document.prototype, "hidden", {
      configurable: true,
      get: () => scope.__hidden,
    });
  });
}

/** How often the page asked for the permission. */
export function promptsAsked(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as { __asked: number }).__asked);
}

/** Hides or shows the page as switching tabs would, with its `visibilitychange`. */
export async function setHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((value) => {
    (globalThis as unknown as { __hidden: boolean }).__hidden = value;
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);
}
