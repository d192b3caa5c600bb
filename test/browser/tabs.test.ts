/**
 * Several tabs of one browser are one device with one set of tokens. Against a server whose
 * access tokens last 2 s and which forgives no second use of a refresh token
 * (REFRESH_REUSE_GRACE_SECONDS 0), so that only the tabs' own turn-taking keeps them signed
 * in: they survive many refresh cycles together, sign out together, and say why when the
 * server signed the device out.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuthResult } from "../../src/protocol";
import { type DevServer, startDevServer } from "../e2e/dev-server";
import { launchChromium } from "./chromium";
import { createRoom, signedInPage, signUp, type TestUser } from "./users";

let browser: Browser;
let server: DevServer;

beforeAll(async () => {
  [browser, server] = await Promise.all([
    launchChromium(),
    startDevServer({
      ACCESS_TOKEN_TTL_SECONDS: "2",
      REFRESH_REUSE_GRACE_SECONDS: "0",
      SIGNUP_MAX_PER_IP: "1000",
      SIGNIN_MAX_ATTEMPTS_PER_IP: "1000",
    }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A second tab of the same browser (same storage), showing the app. */
async function secondTab(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByRole("heading", { name: /Chats/ }).waitFor();
  return page;
}

/** Records every refresh the browser makes, with its status. */
function refreshes(context: BrowserContext): number[] {
  const statuses: number[] = [];
  context.on("response", (response) => {
    if (response.url().endsWith("/api/auth/refresh")) statuses.push(response.status());
  });
  return statuses;
}

async function openChat(page: Page, name: string): Promise<void> {
  await page.goto(server.url);
  await page.getByRole("link", { name: new RegExp(name) }).click();
  await page.getByRole("heading", { name }).waitFor();
  await page.getByRole("status", { name: "Connection" }).getByText("Online").waitFor();
}

async function pair(): Promise<{ alice: TestUser; bob: TestUser }> {
  const [alice, bob] = await Promise.all([signUp(server.url, "Alice"), signUp(server.url, "Bob")]);
  await createRoom(server.url, alice, { kind: "direct", userId: bob.id });
  return { alice, bob };
}

describe("tabs of one browser", () => {
  it("take turns refreshing and stay signed in through many token lifetimes", async () => {
    const { alice } = await pair();
    const { context, page: first } = await signedInPage(browser, server.url, alice);
    const statuses = refreshes(context);
    const second = await secondTab(context);
    context.on("response", async (r) => {
      if (r.url().includes("/api/auth/refresh"))
        console.log(
          "RESP",
          Date.now() % 100000,
          r.frame().page() === first ? "A" : "B",
          r.request().postData()?.slice(17, 25),
          r.status(),
          (await r.text()).slice(-60),
        );
    });
    for (const p of [first, second]) p.on("console", (m) => console.log("CONSOLE", m.text()));
    for (let cycle = 0; cycle < 5; cycle++) {
      // Past the access token's lifetime, both tabs need a new one at the same moment.
      await new Promise((resolve) => setTimeout(resolve, 2_200));
      await Promise.all([openChat(first, "Bob"), openChat(second, "Bob")]);
    }
    expect(statuses.length).toBeGreaterThanOrEqual(5);
    expect(statuses.every((status) => status === 200)).toBe(true);
    // Still one working session in both: a message from one tab shows in the other.
    await first.getByRole("textbox", { name: "Message" }).fill("from the first tab");
    await first.getByRole("textbox", { name: "Message" }).press("Enter");
    await second.getByRole("log").getByText("from the first tab").waitFor();
    await context.close();
  }, 60_000);

  it("sign out together: a sign-out in one tab signs the others out, and they say so", async () => {
    const { alice } = await pair();
    const { context, page: first } = await signedInPage(browser, server.url, alice);
    const second = await secondTab(context);
    const stale = await second.evaluate(
      () =>
        (JSON.parse(localStorage.getItem("edge-chat.session") ?? "{}") as AuthResult).refreshToken,
    );
    await first.getByRole("link", { name: "Profile" }).click();
    await first.getByRole("button", { name: "Sign out" }).click();
    await first.getByRole("button", { name: "Sign in" }).waitFor();
    await second.getByRole("button", { name: "Sign in" }).waitFor();
    await second.getByText("You signed out in another tab.").waitFor();
    // The device is signed out on the server too: its tokens are refused.
    const refreshed = await fetch(`${server.url}/api/auth/refresh`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ refreshToken: stale }),
    });
    expect(refreshed.status).toBe(401);
    expect(await refreshed.json()).toMatchObject({ error: { code: "session_revoked" } });
    await context.close();
  }, 30_000);

  it("say why when the server signed the device out, instead of trying to connect for good", async () => {
    const { alice } = await pair();
    const { context, page } = await signedInPage(browser, server.url, alice);
    const token = await page.evaluate(
      () =>
        (JSON.parse(localStorage.getItem("edge-chat.session") ?? "{}") as AuthResult).refreshToken,
    );
    // Someone else holds a copy of the refresh token and uses it twice: the device is revoked.
    for (let i = 0; i < 2; i++) {
      await fetch(`${server.url}/api/auth/refresh`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ refreshToken: token }),
      });
    }
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    await page.getByText("This browser was signed out. Sign in again to go on.").waitFor();
    await context.close();
  }, 30_000);
});
