/**
 * A page at a real http origin (so IndexedDB is available) whose HTML and script are
 * served from memory by request interception: no server, no port.
 */
import type { BrowserContext, Page } from "playwright-core";

export const FIXTURE_ORIGIN = "http://fixture.test";

export async function fixturePage(context: BrowserContext, script: string): Promise<Page> {
  await context.route(`${FIXTURE_ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === "/fixture.js") {
      return route.fulfill({ body: script, contentType: "text/javascript" });
    }
    return route.fulfill({
      body: '<!doctype html><meta charset="utf-8"><script type="module" src="/fixture.js"></script>',
      contentType: "text/html",
    });
  });
  const page = await context.newPage();
  await page.goto(`${FIXTURE_ORIGIN}/`);
  return page;
}
