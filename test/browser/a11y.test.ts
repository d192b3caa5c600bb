/**
 * Accessibility and small screens: every main screen checked by axe-core (WCAG 2.1 A and
 * AA, contrast included) in light and dark schemes on a phone-sized viewport, with no
 * sideways scrolling, and a message sent with the keyboard alone.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import type { ChatObject, RoomDetails } from "../../src/protocol";
import { sharedBrowser } from "./shared-browser";
import { callAs, createRoom, sendOverHttp, signedInPage, signUp } from "./users";

const appUrl = inject("appUrl");
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const PHONE = { width: 390, height: 844 };
const chromium = sharedBrowser();

interface AxeResult {
  violations: { id: string; help: string; nodes: { target: string[] }[] }[];
}

/**
 * axe-core's WCAG 2.1 A/AA violations on the page as it is now, as readable lines. axe is
 * evaluated through DevTools, not added as a script tag: the app's Content-Security-Policy
 * (rightly) refuses inline scripts, and the page is checked as served.
 */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(await readFile(AXE, "utf8"));
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(o: object): Promise<AxeResult> } }).axe;
    return axe.run({ runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa"] } });
  });
  return result.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
}

async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

describe.each(["light", "dark"] as const)("every screen, %s scheme, phone-sized", (scheme) => {
  it("has no WCAG A/AA violations and no sideways scrolling", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, alice, {
      kind: "group",
      title: "A rather long group name that has to fit a phone screen",
      memberIds: [bob.id],
    });
    const listing = await callAs<ChatObject>(appUrl, alice, "POST", "/api/objects", {
      title: "A listing whose title is long enough to wrap on a phone",
      price: { amount: 350_000, currency: "KRW" },
    });
    const asked = await callAs<RoomDetails>(
      appUrl,
      bob,
      "POST",
      `/api/objects/${listing.id}/chats`,
    );
    await sendOverHttp(appUrl, bob, asked.id, "Is this still available?");
    const signedOut = await chromium.browser.newContext({ viewport: PHONE, colorScheme: scheme });
    const form = await signedOut.newPage();
    await form.goto(appUrl);
    await form.getByRole("heading", { name: "Sign in" }).waitFor();
    expect(await violations(form)).toEqual([]);
    await signedOut.close();

    const { context, page } = await signedInPage(chromium.browser, appUrl, alice, {
      viewport: PHONE,
      colorScheme: scheme,
    });
    await page.goto(`${appUrl}/rooms/${roomId}`);
    const composer = page.getByRole("textbox", { name: "Message" });
    await composer.fill(
      `a long unbroken line ${"ㅋ".repeat(200)} https://example.com/${"x".repeat(120)}`,
    );
    await composer.press("Enter");
    await page.getByRole("log").locator("li.msg .mark").waitFor();
    const screens: [string, string][] = [
      ["/", "Chats"],
      [`/rooms/${roomId}`, "A rather long group name"],
      [`/rooms/${roomId}/info`, "A rather long group name"],
      ["/new", "New chat"],
      ["/profile", "Profile"],
      [`/rooms/${asked.id}`, "A listing"],
      ["/objects", "My objects"],
      ["/objects/new", "New object"],
      [`/objects/${listing.id}`, "A listing"],
      [`/objects/${listing.id}/edit`, "A listing"],
      ["/by-object", "By object"],
      [`/by-object/${listing.id}`, "A listing"],
    ];
    for (const [path, heading] of screens) {
      await page.goto(`${appUrl}${path}`);
      await page
        .getByRole("heading", { name: new RegExp(heading) })
        .first()
        .waitFor();
      await page.waitForTimeout(200); // live data settles
      expect({ path, violations: await violations(page) }).toEqual({ path, violations: [] });
      expect({ path, fits: await fitsWidth(page) }).toEqual({ path, fits: true });
    }
    await context.close();
  });
});

describe("the keyboard alone", () => {
  it("reaches a room from the inbox and sends a message", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    const { context, page } = await signedInPage(chromium.browser, appUrl, alice);
    await page.getByRole("link", { name: /Bob/ }).waitFor();
    const onRoomLink = () =>
      page.evaluate(
        () => document.activeElement?.getAttribute("href")?.startsWith("/rooms/") === true,
      );
    for (let i = 0; i < 15 && !(await onRoomLink()); i++) {
      await page.keyboard.press("Tab");
    }
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Bob" }).waitFor();
    const isComposer = () =>
      page.evaluate(() => document.activeElement?.getAttribute("placeholder") === "Message");
    for (let i = 0; i < 15 && !(await isComposer()); i++) await page.keyboard.press("Tab");
    await page.keyboard.type("typed, not clicked");
    await page.keyboard.press("Enter");
    await page.getByRole("log").getByText("typed, not clicked").waitFor();
    await context.close();
  });
});
