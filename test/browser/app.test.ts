/**
 * The web client in real Chromium against `wrangler dev` serving the built app: the
 * first-load JavaScript budget, routing between the app and the API, signing up through the
 * UI, names rendered as text, and the language chosen from the browser and switchable.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, inject, it } from "vitest";
import { sharedBrowser } from "./shared-browser";

const appUrl = inject("appUrl");
const DIST = join(import.meta.dirname, "../../web/dist");
/** First-load JavaScript, gzipped: the budget. */
const BUDGET_BYTES = 100 * 1024;

const chromium = sharedBrowser();

describe("the built app", () => {
  it("loads at most 100 KB of gzipped JavaScript first", async () => {
    const html = await readFile(join(DIST, "index.html"), "utf8");
    const scripts = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+\.js)"/g)].map(
      (m) => m[1] ?? "",
    );
    expect(scripts.length).toBeGreaterThan(0);
    let total = 0;
    for (const path of scripts) total += gzipSync(await readFile(join(DIST, path))).length;
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it("serves the app for pages and the worker for /api, navigations included", async () => {
    const page = await chromium.browser.newPage();
    const health = await page.goto(`${appUrl}/api/health`);
    expect(await health?.json()).toEqual({ ok: true });
    const deep = await page.goto(`${appUrl}/rooms/anything`);
    expect(deep?.status()).toBe(200);
    expect(await page.locator("#app").count()).toBe(1);
    await page.close();
  });
});

describe("signing up in the browser", () => {
  it("shows the inbox with the name as text, never as HTML", async () => {
    const context = await chromium.browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await page.goto(appUrl);
    await page.getByRole("button", { name: "I need an account" }).click();
    const payload = `<img src=x onerror="window.__xss=1">`;
    await page.getByLabel("Username").fill(`web_${Date.now().toString(36)}`);
    await page.getByLabel("Display name").fill(payload);
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: /Chats/ }).waitFor();
    expect(await page.locator(".me").textContent()).toBe(payload);
    expect(await page.locator(".me img").count()).toBe(0);
    expect(await page.evaluate(() => "__xss" in window)).toBe(false);
    await page.getByText("No chats yet.").waitFor();

    // A reload keeps the session.
    await page.reload();
    await page.getByRole("heading", { name: /Chats/ }).waitFor();
    await context.close();
  });

  it("shows a clear error for a wrong password", async () => {
    const context = await chromium.browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await page.goto(appUrl);
    await page.getByLabel("Username").fill("nobody_here");
    await page.getByLabel("Password").fill("wrong password!");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/username or password/i);
    await context.close();
  });
});

describe("language", () => {
  it("follows the chromium.browser, switches, and remembers the choice", async () => {
    const context = await chromium.browser.newContext({ locale: "ko-KR" });
    const page = await context.newPage();
    await page.goto(appUrl);
    await page.getByRole("heading", { name: "로그인" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("ko");
    await page.getByLabel("언어").selectOption("en");
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.reload();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await context.close();
  });
});
