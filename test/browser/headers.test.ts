/**
 * The web client's files carry the security headers of web/public/_headers, which Workers
 * Static Assets applies (the worker never runs for them): the HTML at `/` and at any deep
 * link, the script and the stylesheet. And the app runs under that policy in real Chromium:
 * signing in, the session socket, a room and its own socket, sending; with no violation.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { BrowserContext } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { API_SECURITY_HEADERS } from "../../src/http/security-headers";
import { sharedBrowser } from "./shared-browser";
import { createRoom, PASSWORD, signUp } from "./users";

const appUrl = inject("appUrl");
const DIST = join(import.meta.dirname, "../../web/dist");

/** The policy the app's files must be served with. */
const APP_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; " +
  "connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; " +
  "frame-ancestors 'none'";
const APP_HEADERS: Record<string, string> = {
  "content-security-policy": APP_POLICY,
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
};

const chromium = sharedBrowser();

/** The paths of the script and stylesheet the built index.html loads. */
async function assetPaths(): Promise<string[]> {
  const html = await readFile(join(DIST, "index.html"), "utf8");
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1] ?? "");
}

/** Records CSP violations the page reports, from before its first script runs. */
async function watchViolations(context: BrowserContext): Promise<() => Promise<string[]>> {
  await context.addInitScript(() => {
    const seen: string[] = [];
    (globalThis as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener("securitypolicyviolation", (event) => {
      seen.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const logged: string[] = [];
  context.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) logged.push(message.text());
  });
  return async () => {
    const reported: string[] = [];
    for (const page of context.pages()) {
      reported.push(
        ...(await page.evaluate(() => (globalThis as unknown as { __csp: string[] }).__csp)),
      );
    }
    return [...reported, ...logged];
  };
}

describe("the web client's headers", () => {
  it("come with the HTML, deep links, the script and the stylesheet", async () => {
    const assets = await assetPaths();
    expect(assets.some((p) => p.endsWith(".js"))).toBe(true);
    expect(assets.some((p) => p.endsWith(".css"))).toBe(true);
    const navigate = { "Sec-Fetch-Mode": "navigate", Accept: "text/html" };
    for (const [path, headers] of [
      ["/", navigate],
      ["/rooms/grp%3Aanything", navigate],
      ...assets.map((p) => [p, {}] as const),
    ] as const) {
      const response = await fetch(`${appUrl}${path}`, { headers });
      expect(response.status, path).toBe(200);
      await response.arrayBuffer();
      for (const [name, value] of Object.entries(APP_HEADERS)) {
        expect(response.headers.get(name), `${name} on ${path}`).toBe(value);
      }
    }
  });

  it("say the same as the worker's answers where both set a header", () => {
    for (const name of ["Referrer-Policy", "X-Content-Type-Options", "X-Frame-Options"]) {
      expect(APP_HEADERS[name.toLowerCase()], name).toBe(API_SECURITY_HEADERS[name]);
    }
  });

  it("reach the chromium.browser, which blocks an injected inline script", async () => {
    const context = await chromium.browser.newContext();
    const violations = await watchViolations(context);
    const page = await context.newPage();
    const response = await page.goto(`${appUrl}/rooms/nowhere`);
    expect(await response?.headerValue("content-security-policy")).toBe(APP_POLICY);
    const ran = await page.evaluate(async () => {
      const script = document.createElement("script");
      script.textContent = "globalThis.__inline = true";
      document.head.append(script);
      await new Promise((resolve) => setTimeout(resolve, 50));
      return "__inline" in globalThis;
    });
    expect(ran).toBe(false);
    expect((await violations()).join("\n")).toMatch(/script-src/);
    await context.close();
  });
});

describe("the app under its policy", () => {
  it("signs in, connects, opens a room on its own socket and sends, with no violation", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    await createRoom(appUrl, alice, { kind: "group", title: "Policy", memberIds: [bob.id] });
    const context = await chromium.browser.newContext({ locale: "en-US" });
    context.setDefaultTimeout(10_000);
    const violations = await watchViolations(context);
    const page = await context.newPage();
    const sockets: string[] = [];
    page.on("websocket", (ws) => sockets.push(new URL(ws.url()).pathname));
    const served = await page.goto(appUrl);
    expect(await served?.headerValue("content-security-policy")).toBe(APP_POLICY);
    await page.getByLabel("Username").fill(alice.username);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("status", { name: "Connection" }).getByText("Online").waitFor();
    expect(sockets).toContain("/api/socket");
    await page.getByRole("link", { name: /Policy/ }).click();
    await page.getByRole("heading", { name: "Policy" }).waitFor();
    const composer = page.getByRole("textbox", { name: "Message" });
    await composer.fill("under the policy");
    await composer.press("Enter");
    await page.getByRole("log").getByText("under the policy").waitFor();
    await expect.poll(() => sockets.some((p) => p.startsWith("/api/socket/rooms/"))).toBe(true);
    // The stylesheet applied: the body lost the browser's default margin.
    expect(await page.evaluate(() => getComputedStyle(document.body).margin)).not.toBe("8px");
    expect(await violations()).toEqual([]);
    await context.close();
  });
});
