/**
 * The user's own username and link in real Chromium against `wrangler dev`: an empty inbox
 * says how to start and shows them; the profile shows them too, each with a copy button;
 * `/u/<username>` opens the direct chat with that user (started if there was none, the same
 * one again after), also for someone who signs in on the link; an unknown username is named,
 * and one's own link goes to the profile.
 */
import { describe, expect, inject, it } from "vitest";
import { sharedBrowser } from "./shared-browser";
import { composer, LAPTOP, log, PHONE } from "./timeline";
import { callAs, PASSWORD, signedInPage, signUp } from "./users";

const appUrl = inject("appUrl");
const chromium = sharedBrowser();

describe("the user's own link", () => {
  it("is shown with the username in an empty inbox, and copied by its button", async () => {
    const alice = await signUp(appUrl, "Alice");
    const a = await signedInPage(chromium.browser, appUrl, alice, { viewport: PHONE });
    await a.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: appUrl });
    await a.page.getByText("No chats yet. To start one, choose New chat").waitFor();
    const link = `${appUrl}/u/${alice.username}`;
    expect(await a.page.getByRole("textbox", { name: "Your username" }).inputValue()).toBe(
      alice.username,
    );
    expect(await a.page.getByRole("textbox", { name: "Your link" }).inputValue()).toBe(link);
    await a.page.getByRole("button", { name: "Copy link" }).click();
    await a.page.getByRole("status").getByText("Link copied.").waitFor();
    expect(await a.page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await a.page.getByRole("button", { name: "Copy username" }).click();
    await a.page.getByRole("status").getByText("Username copied.").waitFor();
    expect(await a.page.evaluate(() => navigator.clipboard.readText())).toBe(alice.username);
    // The profile shows them as well.
    await a.page.getByRole("link", { name: "Profile" }).click();
    await a.page.getByRole("heading", { name: "Profile" }).waitFor();
    expect(await a.page.getByRole("textbox", { name: "Your link" }).inputValue()).toBe(link);
    await a.context.close();
  });

  it("opens a chat with its user, the same chat every time, also after signing in on it", {
    timeout: 60_000,
  }, async () => {
    const [alice, bob] = await Promise.all([signUp(appUrl, "Alice"), signUp(appUrl, "Bob")]);
    const b = await signedInPage(chromium.browser, appUrl, bob, { viewport: LAPTOP });
    await b.page.goto(`${appUrl}/u/${alice.username}`);
    await b.page.waitForURL(/\/rooms\/dm%3A/);
    const room = b.page.url();
    await composer(b.page).fill("found you by your link");
    await composer(b.page).press("Enter");
    await log(b.page).getByText("found you by your link").waitFor();
    const inbox = await callAs<{ rooms: { id: string }[] }>(appUrl, alice, "GET", "/api/rooms");
    expect(inbox.rooms.map((r) => r.id)).toEqual([
      decodeURIComponent(room.split("/").at(-1) ?? ""),
    ]);
    // Again: the same chat, not a new one.
    await b.page.goto(`${appUrl}/u/${alice.username}`);
    await b.page.waitForURL(room);
    await log(b.page).getByText("found you by your link").waitFor();
    await b.context.close();

    // Signed out, on a phone: sign in on the link, then the chat opens.
    const context = await chromium.browser.newContext({ locale: "en-US", viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${appUrl}/u/${alice.username}`);
    await page.getByLabel("Username").fill(bob.username);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(room);
    await log(page).getByText("found you by your link").waitFor();
    await context.close();
  });

  it("names a username that is no user's, and takes one's own link to the profile", async () => {
    const alice = await signUp(appUrl, "Alice");
    const a = await signedInPage(chromium.browser, appUrl, alice, { viewport: PHONE });
    await a.page.goto(`${appUrl}/u/nobody_here_42`);
    await a.page.getByRole("alert").getByText("No user has the username nobody_here_42.").waitFor();
    expect(new URL(a.page.url()).pathname).toBe("/u/nobody_here_42");
    await a.page.goto(`${appUrl}/u/${alice.username}`);
    await a.page.waitForURL(`${appUrl}/profile`);
    await a.page.getByRole("heading", { name: "Profile" }).waitFor();
    await a.context.close();
  });
});
