/**
 * Accessibility and small screens: every main screen checked by axe-core (WCAG 2.1 A and
 * AA, contrast included) in light and dark schemes on a phone-sized viewport (a message's
 * actions menu open, its emoji picker, a reply being written, reactions, an edited and a
 * deleted message, the report dialog, a blocked chat and the blocked users too, a chat a
 * stranger started, leaving a chat asked, search results and a chat opened at one), with no
 * sideways scrolling; a message sent, and a stranger's note and Hide chat used, with the
 * keyboard alone.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import type { ChatMessage, ChatObject, RoomDetails, SearchPage } from "../../src/protocol";
import { sharedBrowser } from "./shared-browser";
import {
  callAs,
  createRoom,
  sendOverHttp,
  signedInPage,
  signUp,
  type TestUser,
  uploadAs,
} from "./users";

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

/** A PNG drawn in the page, as bytes. */
async function png(page: Page, width: number, height: number): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = await page.evaluate(
    async ({ width, height }) => {
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext("2d") as OffscreenCanvasRenderingContext2D;
      context.fillStyle = "#0b57d0";
      context.fillRect(0, 0, width, height);
      const blob = await canvas.convertToBlob({ type: "image/png" });
      return [...new Uint8Array(await blob.arrayBuffer())];
    },
    { width, height },
  );
  return new Uint8Array(bytes);
}

/**
 * Files everywhere they show: `sender`'s photo (with its thumbnail) and PDF in a message,
 * with a caption, `sender`'s avatar, and the listing's photo.
 */
async function withFiles(page: Page, sender: TestUser, owner: TestUser, ids: string[]) {
  const [roomId, listingId] = ids as [string, string];
  const thumb = await uploadAs(appUrl, sender, await png(page, 96, 64), "image/png");
  const photo = await uploadAs(appUrl, sender, await png(page, 600, 400), "image/png", {
    name: "a photo with a long name that has to fit a phone screen.png",
    width: "600",
    height: "400",
    thumb: thumb.id,
  });
  const pdf = await uploadAs(
    appUrl,
    sender,
    new TextEncoder().encode("%PDF-1.4\n"),
    "application/pdf",
    {
      name: "a plan whose file name is long enough to wrap on a phone.pdf",
    },
  );
  await callAs(appUrl, sender, "POST", `/api/rooms/${encodeURIComponent(roomId)}/messages`, {
    clientMsgId: crypto.randomUUID(),
    body: "the view, and the plan",
    attachments: [photo.id, pdf.id],
  });
  const avatar = await uploadAs(appUrl, sender, await png(page, 128, 128), "image/png");
  await callAs(appUrl, sender, "PATCH", "/api/me", { avatarId: avatar.id });
  const image = await uploadAs(appUrl, owner, await png(page, 300, 200), "image/png");
  await callAs(appUrl, owner, "PATCH", `/api/objects/${listingId}`, { images: [image.id] });
}

/**
 * Changed messages in the group: Bob's edited one, his deleted one, and reactions under
 * Alice's first message (Bob's) and under Bob's reply (Alice's own, a pressed chip).
 */
async function changedMessages(alice: TestUser, bob: TestUser, roomId: string) {
  const path = `/api/rooms/${encodeURIComponent(roomId)}/messages`;
  const post = async (body: string) => {
    await sendOverHttp(appUrl, bob, roomId, body);
    const { messages } = await callAs<{ messages: ChatMessage[] }>(appUrl, bob, "GET", path);
    return messages.find((m) => m.body === body)?.seq ?? 0;
  };
  const id = () => ({ clientMsgId: crypto.randomUUID() });
  const { messages } = await callAs<{ messages: ChatMessage[] }>(appUrl, bob, "GET", path);
  const long = messages.find((m) => m.body.startsWith("a long unbroken line"))?.seq;
  const reply = messages.find((m) => m.body === "a reply to that")?.seq;
  const react = { emoji: "👍", on: true };
  await callAs(appUrl, bob, "POST", `${path}/${long}/reactions`, { ...id(), ...react });
  await callAs(appUrl, alice, "POST", `${path}/${reply}/reactions`, { ...id(), ...react });
  const typo = await post("a typo in thsi");
  await callAs(appUrl, bob, "PATCH", `${path}/${typo}`, { ...id(), body: "a typo in this" });
  const gone = await post("never mind");
  await callAs(appUrl, bob, "DELETE", `${path}/${gone}`, id());
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
    // Bob's reply to it, which shows it quoted.
    const path = `/api/rooms/${encodeURIComponent(roomId)}/messages`;
    const newest = await callAs<{ messages: ChatMessage[] }>(appUrl, bob, "GET", `${path}?limit=1`);
    await callAs(appUrl, bob, "POST", path, {
      clientMsgId: crypto.randomUUID(),
      body: "a reply to that",
      replyTo: newest.messages[0]?.seq,
    });
    await withFiles(page, bob, alice, [roomId, listing.id]);
    await changedMessages(alice, bob, roomId);
    // Someone Alice blocked: their chat shows a note for a composer; her profile lists them.
    const dave = await signUp(appUrl, "Dave");
    const blockedChat = await createRoom(appUrl, dave, { kind: "direct", userId: alice.id });
    await callAs(appUrl, alice, "PUT", `/api/me/blocks/${dave.id}`);
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
      [`/rooms/${blockedChat}`, "Dave"],
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

    // Search across chats and within one, the matches marked; a room opened at a result,
    // the message marked.
    await expect
      .poll(
        async () =>
          (await callAs<SearchPage>(appUrl, alice, "GET", "/api/search?q=plan")).results.length,
        { timeout: 15_000, interval: 250 },
      )
      .toBeGreaterThan(0);
    for (const path of ["/search?q=plan", `/rooms/${roomId}/search?q=plan`]) {
      await page.goto(`${appUrl}${path}`);
      await page.locator(".search-hit mark").first().waitFor();
      expect({ path, violations: await violations(page) }).toEqual({ path, violations: [] });
      expect({ path, fits: await fitsWidth(page) }).toEqual({ path, fits: true });
    }
    await page.locator(".search-hit").first().click();
    await page.getByRole("log").locator("li.msg.jumped").waitFor();
    expect({ jumped: await violations(page) }).toEqual({ jumped: [] });

    // Reactions (one the user's own), an edited and a deleted message, shown.
    await page.goto(`${appUrl}/rooms/${roomId}`);
    const log = page.getByRole("log");
    await log.getByRole("button", { name: "👍 from Bob" }).waitFor();
    await log.getByRole("button", { name: "👍 from You", pressed: true }).waitFor();
    await log.getByText("edited").waitFor();
    await log.getByText("This message was deleted").waitFor();
    expect({ changed: await violations(page) }).toEqual({ changed: [] });
    // The blocked chat's note, and the blocked users listed.
    await page.goto(`${appUrl}/rooms/${blockedChat}`);
    await page.getByText("You blocked Dave.").waitFor();
    expect({ blocked: await violations(page) }).toEqual({ blocked: [] });
    await page.goto(`${appUrl}/profile`);
    await page.getByRole("button", { name: "Unblock Dave" }).waitFor();
    expect({ blockedUsers: await violations(page) }).toEqual({ blockedUsers: [] });
    // Bob, a stranger, started the chat about the listing: the row's mark, the room's note;
    // the chat's info with Hide chat, and Leave chat's question open.
    await page.goto(`${appUrl}/`);
    await page
      .getByRole("link", { name: /A listing/ })
      .getByText("First chat")
      .waitFor();
    expect({ strangerRow: await violations(page) }).toEqual({ strangerRow: [] });
    await page.goto(`${appUrl}/rooms/${asked.id}`);
    await page.getByRole("button", { name: "Report Bob" }).waitFor();
    expect({ strangerNote: await violations(page) }).toEqual({ strangerNote: [] });
    expect({ strangerNote: await fitsWidth(page) }).toEqual({ strangerNote: true });
    await page.goto(`${appUrl}/rooms/${asked.id}/info`);
    await page.getByRole("button", { name: "Hide chat" }).waitFor();
    await page.getByRole("button", { name: "Leave chat" }).click();
    await page.getByRole("dialog", { name: "Leave this chat?" }).waitFor();
    expect({ leave: await violations(page) }).toEqual({ leave: [] });
    expect({ leave: await fitsWidth(page) }).toEqual({ leave: true });
    await page.keyboard.press("Escape");

    // The photo viewer, open.
    await page.goto(`${appUrl}/rooms/${roomId}`);
    await page.getByRole("button", { name: "Open photo 1 of 1" }).click();
    await page.getByRole("dialog", { name: "Photo" }).waitFor();
    await page.waitForTimeout(200);
    expect({ viewer: await violations(page) }).toEqual({ viewer: [] });
    await page.keyboard.press("Escape");

    // A message's actions menu, open; then Reply chosen: the quote above the composer.
    await page.goto(`${appUrl}/rooms/${roomId}`);
    const reply = page.getByRole("log").locator("li.msg", { hasText: "a reply to that" });
    await reply.locator(".quote").waitFor();
    await reply.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("menu", { name: "Message actions" }).waitFor();
    expect({ menu: await violations(page) }).toEqual({ menu: [] });
    expect({ menu: await fitsWidth(page) }).toEqual({ menu: true });
    await page.keyboard.press("Enter");
    await page.getByText("Reply to Bob").waitFor();
    expect({ replying: await violations(page) }).toEqual({ replying: [] });
    expect({ replying: await fitsWidth(page) }).toEqual({ replying: true });

    // Its React picker, then the report dialog, open.
    await reply.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("menuitem", { name: "React" }).click();
    await page.getByRole("menu", { name: "React" }).waitFor();
    expect({ picker: await violations(page) }).toEqual({ picker: [] });
    expect({ picker: await fitsWidth(page) }).toEqual({ picker: true });
    await page.keyboard.press("Escape");
    await page.keyboard.press("Enter");
    await page.getByRole("menuitem", { name: "Report" }).click();
    await page.getByRole("dialog", { name: "Report message" }).waitFor();
    expect({ report: await violations(page) }).toEqual({ report: [] });
    expect({ report: await fitsWidth(page) }).toEqual({ report: true });
    await page.keyboard.press("Escape");

    // The picture's square being chosen.
    await page.goto(`${appUrl}/profile`);
    const chooser = page.waitForEvent("filechooser");
    await page.getByRole("button", { name: "Choose a picture" }).click();
    const picture = { name: "me.png", mimeType: "image/png" };
    await (await chooser).setFiles({ ...picture, buffer: Buffer.from(await png(page, 400, 300)) });
    await page.getByRole("img", { name: "Part of the picture to keep" }).waitFor();
    expect({ cropper: await violations(page) }).toEqual({ cropper: [] });
    expect({ cropper: await fitsWidth(page) }).toEqual({ cropper: true });
    await context.close();
    // Some twenty screens and states, each checked by axe: longer than the project's 30 s.
  }, 90_000);
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

  it("reaches Block and Report in a stranger's note, and hides the chat from its info", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, bob, { kind: "direct", userId: alice.id });
    await sendOverHttp(appUrl, bob, roomId, "hi there");
    const { context, page } = await signedInPage(chromium.browser, appUrl, alice);
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        return el?.getAttribute("aria-label") ?? el?.textContent ?? "";
      });
    const tabTo = async (name: string) => {
      for (let i = 0; i < 20 && (await focused()) !== name; i++) await page.keyboard.press("Tab");
      expect(await focused()).toBe(name);
    };
    await page.goto(`${appUrl}/rooms/${encodeURIComponent(roomId)}`);
    await page.getByRole("button", { name: "Block Bob" }).waitFor();
    await tabTo("Block Bob");
    await tabTo("Report Bob");
    await page.keyboard.press("Enter");
    await page.getByRole("dialog", { name: "Report Bob" }).waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("dialog", { name: "Report Bob" }).waitFor({ state: "detached" });

    await page.goto(`${appUrl}/rooms/${encodeURIComponent(roomId)}/info`);
    await page.getByRole("button", { name: "Hide chat" }).waitFor();
    await tabTo("Hide chat");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: /Chats/ }).waitFor();
    await page.getByRole("link", { name: /Bob/ }).waitFor({ state: "detached" });
    await context.close();
  });
});

describe.each(["light", "dark"] as const)("two panes, %s scheme, laptop-sized", (scheme) => {
  it("has no WCAG A/AA violations: the list beside a room with runs, a divider and ↓ N new", async () => {
    const alice = await signUp(appUrl, "Alice Kim");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, alice, {
      kind: "group",
      title: "Busy group",
      memberIds: [bob.id],
    });
    const other = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    for (let i = 1; i <= 40; i++) await sendOverHttp(appUrl, alice, roomId, `news ${i}`);
    const { context, page } = await signedInPage(chromium.browser, appUrl, bob, {
      viewport: { width: 1280, height: 800 },
      colorScheme: scheme,
    });
    // A draft in the other chat shows in its row.
    await page.goto(`${appUrl}/rooms/${encodeURIComponent(other)}`);
    await page.getByRole("textbox", { name: "Message" }).fill("half a thought");
    await page
      .locator("ul.rooms")
      .getByRole("link", { name: /^Busy group/ })
      .click();
    await page.getByRole("log").locator("li.unread-divider").waitFor();
    await page.locator("ul.rooms").getByText("Draft: half a thought").waitFor();
    await sendOverHttp(appUrl, alice, roomId, "one more");
    await page.getByRole("button", { name: "1 new" }).waitFor();
    await page.waitForTimeout(200); // live data settles
    expect({ panes: await violations(page) }).toEqual({ panes: [] });
    expect({ panes: await fitsWidth(page) }).toEqual({ panes: true });
    await context.close();
  });
});
