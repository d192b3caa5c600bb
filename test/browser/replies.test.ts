/**
 * Replies and the message actions menu in real Chromium against `wrangler dev`: Alice
 * replies to Bob's message with the keyboard alone (the message focused, its menu opened
 * with Enter, Reply chosen), the quote kept above her composer while she visits another
 * room, her reply showing its quote while it waits offline and in Bob's open room live, the
 * quote going to its message (opening the room at it when the room does not show it); Copy copies a message's text; a long press opens the menu on a
 * touch screen; a reply whose message is older than the page the client loaded says so and
 * loads it on request, without putting it in the timeline.
 */
import type { Locator } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import type { ChatMessage } from "../../src/protocol";
import { sharedBrowser } from "./shared-browser";
import { controlSockets } from "./sockets";
import { composer, item, log, toChats } from "./timeline";
import { callAs, createRoom, sendOverHttp, signedInPage, signUp, type TestUser } from "./users";

const appUrl = inject("appUrl");
const chromium = sharedBrowser();

/** True when the focused element is `locator`'s (first) element. */
const focused = (locator: Locator) => locator.evaluate((el) => el === document.activeElement);

async function messages(user: TestUser, roomId: string, query = "limit=5") {
  const path = `/api/rooms/${encodeURIComponent(roomId)}/messages?${query}`;
  return (await callAs<{ messages: ChatMessage[] }>(appUrl, user, "GET", path)).messages;
}

describe("replying with the keyboard", () => {
  it("quotes Bob's message from its menu, and Bob's open room shows the quote live", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    await createRoom(appUrl, alice, {
      kind: "group",
      title: "Elsewhere",
      memberIds: [bob.id],
    });
    await sendOverHttp(appUrl, bob, roomId, "coffee at ten?");
    const [asked] = (await messages(bob, roomId)).filter((m) => m.body === "coffee at ten?");
    // Enough after it that it is out of view where the room opens, at its newest.
    for (let i = 1; i <= 20; i++) await sendOverHttp(appUrl, bob, roomId, `filler ${i}`);
    await sendOverHttp(appUrl, bob, roomId, "or eleven");
    const a = await signedInPage(chromium.browser, appUrl, alice);
    const b = await signedInPage(chromium.browser, appUrl, bob);
    const sockets = await controlSockets(a.page);
    await b.page.goto(`${appUrl}/rooms/${roomId}`);
    await item(b.page, "or eleven").waitFor();
    await a.page.goto(`${appUrl}/rooms/${roomId}`);
    await item(a.page, "or eleven").waitFor();

    // Tab reaches one message, the newest; ↑ goes to the one before, Home to the first;
    // Enter opens its menu.
    await log(a.page).focus();
    await a.page.keyboard.press("Tab");
    expect(await focused(item(a.page, "or eleven"))).toBe(true);
    await a.page.keyboard.press("ArrowUp");
    expect(await focused(item(a.page, "filler 20"))).toBe(true);
    await a.page.keyboard.press("Home");
    expect(await focused(item(a.page, "coffee at ten?"))).toBe(true);
    await a.page.keyboard.press("Enter");
    const menu = a.page.getByRole("menu", { name: "Message actions" });
    await menu.waitFor();
    expect(await focused(menu.getByRole("menuitem", { name: "Reply" }))).toBe(true);
    // Esc closes it, the focus back on the message; the context-menu key opens it again.
    await a.page.keyboard.press("Escape");
    await menu.waitFor({ state: "detached" });
    expect(await focused(item(a.page, "coffee at ten?"))).toBe(true);
    await a.page.keyboard.press("Shift+F10");
    await menu.waitFor();
    expect(await focused(menu.getByRole("menuitem", { name: "Reply" }))).toBe(true);
    await a.page.keyboard.press("ArrowDown");
    expect(await focused(menu.getByRole("menuitem", { name: "React" }))).toBe(true);
    await a.page.keyboard.press("ArrowDown");
    expect(await focused(menu.getByRole("menuitem", { name: "Copy" }))).toBe(true);
    await a.page.keyboard.press("End"); // Bob's message: Report last
    expect(await focused(menu.getByRole("menuitem", { name: "Report" }))).toBe(true);
    await a.page.keyboard.press("ArrowDown"); // round to the first
    expect(await focused(menu.getByRole("menuitem", { name: "Reply" }))).toBe(true);
    await a.page.keyboard.press("Enter");

    // The quote above the composer, which has the focus; it stays while Alice is elsewhere.
    const draft = a.page.locator(".reply-draft");
    await draft.getByText("Reply to Bob").waitFor();
    expect(await draft.locator(".quote-text").textContent()).toBe("coffee at ten?");
    expect(await focused(composer(a.page))).toBe(true);
    await toChats(a.page);
    await a.page.getByRole("link", { name: /Elsewhere/ }).click();
    await a.page.getByRole("heading", { name: "Elsewhere" }).waitFor();
    expect(await a.page.locator(".reply-draft").count()).toBe(0);
    await toChats(a.page);
    await a.page.getByRole("link", { name: /Bob/ }).click();
    await draft.getByText("Reply to Bob").waitFor();
    // Esc in the composer cancels it.
    await composer(a.page).press("Escape");
    await draft.waitFor({ state: "detached" });

    // Chosen again, and sent offline: the waiting reply shows its quote.
    await item(a.page, "coffee at ten?").focus();
    await a.page.keyboard.press("Enter");
    await menu.getByRole("menuitem", { name: "Reply" }).press("Enter");
    await draft.waitFor();
    await sockets.cut();
    await a.page.keyboard.type("yes, see you there");
    await a.page.keyboard.press("Enter");
    const waiting = log(a.page).locator("li.outgoing");
    await waiting.getByText("Waiting to resend…").waitFor();
    expect(await waiting.locator(".quote .quote-text").textContent()).toBe("coffee at ten?");
    expect(await draft.count()).toBe(0);

    // Back online it goes as a reply, and Bob's open room shows it with the quote.
    sockets.restore();
    await a.page.evaluate(() => dispatchEvent(new Event("online")));
    const reply = item(b.page, "yes, see you there");
    await reply.waitFor();
    // Bob wrote it: to him the quote is of "You".
    const quote = reply.getByRole("button", { name: /In reply to\s*You\s*coffee at ten\?/ });
    await quote.waitFor();
    const [stored] = (await messages(bob, roomId)).filter((m) => m.body === "yes, see you there");
    expect(stored).toMatchObject({ senderId: alice.id, replyTo: asked?.seq });
    await item(a.page, "yes, see you there")
      .locator(".quote")
      .getByText("coffee at ten?")
      .waitFor();

    // The quote goes to its message: in view, focused, highlighted for a moment.
    const target = item(b.page, "coffee at ten?");
    const inView = () =>
      target.evaluate((el) => {
        const box = el.getBoundingClientRect();
        const view = (el.closest('[role="log"]') as HTMLElement).getBoundingClientRect();
        return box.top >= view.top && box.bottom <= view.bottom;
      });
    expect(await inView()).toBe(false);
    await quote.click();
    const highlighted = () => target.evaluate((el) => el.classList.contains("highlight"));
    await expect.poll(highlighted).toBe(true);
    expect(await focused(target)).toBe(true);
    expect(await inView()).toBe(true);
    await expect.poll(highlighted, { timeout: 5_000 }).toBe(false); // "briefly"
    await Promise.all([a.context.close(), b.context.close()]);
  });
});

describe("copying a message", () => {
  it("puts its text on the clipboard from the menu, and says so", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    await sendOverHttp(appUrl, bob, roomId, "the code is 4921");
    const a = await signedInPage(chromium.browser, appUrl, alice);
    await a.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: appUrl });
    await a.page.goto(`${appUrl}/rooms/${roomId}`);
    const message = item(a.page, "the code is 4921");
    // By mouse this time: the ⋯ button shows on hover.
    await message.hover();
    await message.getByRole("button", { name: "Message actions" }).click();
    await a.page.getByRole("menuitem", { name: "Copy" }).click();
    await a.page.getByRole("status").getByText("Copied.").waitFor();
    expect(await a.page.evaluate(() => navigator.clipboard.readText())).toBe("the code is 4921");
    expect(await focused(message)).toBe(true);
    await a.context.close();
  });
});

describe("on a touch screen", () => {
  it("a long press opens the menu, a tap does not", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    await sendOverHttp(appUrl, bob, roomId, "hold me");
    const a = await signedInPage(chromium.browser, appUrl, alice, {
      hasTouch: true,
      isMobile: true,
      viewport: { width: 390, height: 844 },
    });
    await a.page.goto(`${appUrl}/rooms/${roomId}`);
    const message = item(a.page, "hold me");
    await message.waitFor();
    const box = await message.locator(".bubble").boundingBox();
    if (!box) throw new Error("the message has no box");
    const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const cdp = await a.context.newCDPSession(a.page);
    const touch = async (type: "touchStart" | "touchEnd", holdMs = 0) => {
      await cdp.send("Input.dispatchTouchEvent", {
        type,
        touchPoints: type === "touchStart" ? [at] : [],
      });
      if (holdMs) await a.page.waitForTimeout(holdMs);
    };
    const menu = a.page.getByRole("menu", { name: "Message actions" });
    await touch("touchStart", 100);
    await touch("touchEnd", 700);
    expect(await menu.count()).toBe(0);
    await touch("touchStart", 800);
    await menu.waitFor();
    await touch("touchEnd", 100);
    await menu.getByRole("menuitem", { name: "Reply" }).tap();
    await a.page.locator(".reply-draft").getByText("Reply to Bob").waitFor();
    await a.context.close();
  });
});

describe("a reply to a message the client has not loaded", () => {
  it('says "Original message not loaded", and loads it into the quote only', async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, alice, {
      kind: "group",
      title: "Long ago",
      memberIds: [bob.id],
    });
    await sendOverHttp(appUrl, alice, roomId, "the very first question");
    const [first] = (await messages(alice, roomId)).filter(
      (m) => m.body === "the very first question",
    );
    // Far more than the room's first page (30) and the pages its top may load on its own.
    for (let i = 1; i <= 70; i++) await sendOverHttp(appUrl, alice, roomId, `filler ${i}`);
    await callAs(appUrl, bob, "POST", `/api/rooms/${encodeURIComponent(roomId)}/messages`, {
      clientMsgId: crypto.randomUUID(),
      body: "answering at last",
      replyTo: first?.seq,
    });

    const b = await signedInPage(chromium.browser, appUrl, bob);
    await b.page.goto(`${appUrl}/rooms/${roomId}`);
    const reply = item(b.page, "answering at last");
    await reply.waitFor();
    await reply.getByText("Original message not loaded").waitFor();
    const asked = b.page.waitForRequest((r) => {
      const url = new URL(r.url());
      return url.pathname.endsWith("/messages") && url.searchParams.get("limit") === "1";
    });
    await reply.getByRole("button", { name: "Load it" }).click();
    const request = new URL((await asked).url());
    expect(request.searchParams.get("after")).toBe(String((first?.seq ?? 0) - 1));
    await reply.locator(".quote").getByText("the very first question").waitFor();
    await expect.poll(() => reply.locator(".quote .quote-sender").textContent()).toBe("Alice");
    expect(await reply.getByText("Original message not loaded").count()).toBe(0);
    // In the quote, not the timeline: the run still starts where the first page did.
    expect(await item(b.page, "the very first question").count()).toBe(0);
    expect(await log(b.page).locator(`li[data-seq="${first?.seq}"]`).count()).toBe(0);
    // Chosen, the quote opens the room at its message, which the timeline then holds.
    await reply.locator("button.quote").click();
    await b.page.waitForURL(`${appUrl}/rooms/${encodeURIComponent(roomId)}?at=${first?.seq}`);
    await item(b.page, "the very first question").waitFor();
    await b.context.close();
  });
});
