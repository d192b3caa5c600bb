/** Users for the browser tests: signed up over HTTP, then signed in through the app's form. */
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { AuthResult, MediaInfo } from "../../src/protocol";

export const PASSWORD = "correct horse battery";
let counter = 0;

export interface TestUser {
  id: string;
  username: string;
  displayName: string;
  session: AuthResult;
}

export async function signUp(appUrl: string, displayName: string): Promise<TestUser> {
  const username = `b_${Date.now().toString(36)}_${++counter}`;
  const response = await fetch(`${appUrl}/api/auth/signup`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username, displayName, password: PASSWORD }),
  });
  if (!response.ok) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
  const session = (await response.json()) as AuthResult;
  return { id: session.user.id, username, displayName, session };
}

/** A fresh browser context (its own storage) signed in as `user` through the form. */
export async function signedInPage(
  browser: Browser,
  appUrl: string,
  user: TestUser,
  options: Parameters<Browser["newContext"]>[0] = {},
  /** Runs on the new context before the app loads (to route its requests, say). */
  prepare?: (context: BrowserContext) => Promise<unknown>,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: "en-US", ...options });
  await prepare?.(context);
  // Fail with the locator's name well inside the test's own timeout.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  await page.goto(appUrl);
  await page.getByLabel("Username").fill(user.username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: /Chats/ }).waitFor();
  await page.getByRole("status", { name: "Connection" }).getByText("Online").waitFor();
  return { context, page };
}

/** Creates a room over HTTP as `owner` (for set-up that is not what a test is about). */
export async function createRoom(
  appUrl: string,
  owner: TestUser,
  body: { kind: "direct"; userId: string } | { kind: "group"; title: string; memberIds: string[] },
): Promise<string> {
  const response = await fetch(`${appUrl}/api/rooms`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Authorization: `Bearer ${owner.session.accessToken}`,
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`create room failed: ${response.status}`);
  return ((await response.json()) as { id: string }).id;
}

/** Sends over HTTP as `sender` (set-up: many messages quickly). */
export async function sendOverHttp(appUrl: string, sender: TestUser, roomId: string, body: string) {
  const response = await fetch(`${appUrl}/api/rooms/${roomId}/messages`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Authorization: `Bearer ${sender.session.accessToken}`,
    },
    body: JSON.stringify({ clientMsgId: crypto.randomUUID(), body }),
  });
  if (!response.ok) throw new Error(`send failed: ${response.status}`);
}

/** Any authenticated request over HTTP as `user` (set-up); resolves with the parsed answer. */
export async function callAs<T = unknown>(
  appUrl: string,
  user: TestUser,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${appUrl}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
      Authorization: `Bearer ${user.session.accessToken}`,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`${method} ${path} failed: ${response.status}`);
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** Uploads a file over HTTP as `user` (set-up); resolves with its `MediaInfo`. */
export async function uploadAs(
  appUrl: string,
  user: TestUser,
  bytes: Uint8Array<ArrayBuffer>,
  type: string,
  query: Record<string, string> = {},
): Promise<MediaInfo> {
  const response = await fetch(`${appUrl}/api/media?${new URLSearchParams(query)}`, {
    method: "POST",
    headers: { "Content-Type": type, Authorization: `Bearer ${user.session.accessToken}` },
    body: bytes,
  });
  if (!response.ok) throw new Error(`upload failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as MediaInfo;
}
