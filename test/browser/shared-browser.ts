/**
 * One Chromium per test file: launched before the file's tests, closed after them.
 * `sharedBrowser()` registers the hooks; its `browser` is there from the first test on.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchChromium } from "./chromium";

export function sharedBrowser(): { readonly browser: Browser } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser(): Browser {
      if (!browser) throw new Error("the browser is not launched yet (use it inside a test)");
      return browser;
    },
  };
}
