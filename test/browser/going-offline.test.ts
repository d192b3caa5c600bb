/**
 * A network that goes away silently (no socket closes: a half-open connection) is noticed
 * by the heartbeat's deadline within seconds: the status says Offline, the other person is
 * no longer shown online, a message written meanwhile waits; and all recovers after.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { HEARTBEAT_ANSWER_MS } from "../../src/client/heartbeat";
import { sharedBrowser } from "./shared-browser";
import { controlSockets } from "./sockets";
import { createRoom, signedInPage, signUp } from "./users";

const appUrl = inject("appUrl");
const chromium = sharedBrowser();

const status = (page: Page) => page.getByRole("status", { name: "Connection" });
const log = (page: Page) => page.getByRole("log");
const presence = (page: Page) => page.locator(".room-head .subtitle");

/** The server's heartbeat interval (HEARTBEAT_INTERVAL_MS) and the SDK's answer deadline. */
const NOTICED_WITHIN_MS = 5_000 + HEARTBEAT_ANSWER_MS;

describe("a silent network", () => {
  it("shows Offline within seconds, presence unknown and messages waiting, then recovers", {
    timeout: 60_000,
  }, async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    const a = await signedInPage(chromium.browser, appUrl, alice);
    const b = await signedInPage(chromium.browser, appUrl, bob);
    const sockets = await controlSockets(b.page);
    await a.page.goto(`${appUrl}/rooms/${roomId}`);
    await b.page.goto(`${appUrl}/rooms/${roomId}`); // its sockets now run through the route
    await status(b.page).getByText("Online").waitFor();
    await presence(b.page).getByText("Online").waitFor(); // Alice

    sockets.stall();
    const stalledAt = Date.now();
    await status(b.page)
      .getByText("Offline")
      .waitFor({ timeout: NOTICED_WITHIN_MS + 4_000 });
    expect(Date.now() - stalledAt).toBeLessThan(NOTICED_WITHIN_MS + 2_000);
    expect(await presence(b.page).textContent()).not.toContain("Online");

    const composer = b.page.getByRole("textbox", { name: "Message" });
    await composer.fill("written while the network was gone");
    await composer.press("Enter");
    await log(b.page).getByText("Waiting to resend…").waitFor();

    sockets.restore();
    await status(b.page).getByText("Online").waitFor({ timeout: 20_000 });
    await log(a.page).getByText("written while the network was gone").waitFor();
    await expect.poll(() => log(b.page).getByText("Waiting to resend…").count()).toBe(0);
    await presence(b.page).getByText("Online").waitFor();
    await Promise.all([a.context.close(), b.context.close()]);
  });

  it("is checked at once when the browser says it went offline, not at the next heartbeat", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    const b = await signedInPage(chromium.browser, appUrl, bob);
    const sockets = await controlSockets(b.page);
    await b.page.reload(); // its session socket now runs through the route; no room is open
    await status(b.page).getByText("Online").waitFor();

    // Just after a heartbeat (answered), the next is a whole interval away.
    await sockets.pinged();
    await b.page.waitForTimeout(300);
    sockets.stall();
    await b.context.setOffline(true);
    const offlineAt = Date.now();
    await status(b.page)
      .getByText("Offline")
      .waitFor({ timeout: NOTICED_WITHIN_MS + 4_000 });
    // The answer deadline and some slack: well before the next ping's deadline (about an
    // interval, 5 s, and the deadline).
    expect(Date.now() - offlineAt).toBeLessThan(HEARTBEAT_ANSWER_MS + 1_500);

    sockets.restore();
    await b.context.setOffline(false);
    await status(b.page).getByText("Online").waitFor({ timeout: 15_000 });
    await b.context.close();
  });
});
