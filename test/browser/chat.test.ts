/**
 * The chat app in real Chromium against `wrangler dev`: two people chatting in two
 * browser contexts, marks and typing, a group's per-message read counts, going offline and
 * coming back, an unsent message that survives a reload, and hostile text shown as text.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { sharedBrowser } from "./shared-browser";
import { controlSockets } from "./sockets";
import { toChats } from "./timeline";
import { createRoom, sendOverHttp, signedInPage, signUp } from "./users";

const appUrl = inject("appUrl");
const chromium = sharedBrowser();

const composer = (page: Page) => page.getByRole("textbox", { name: "Message" });
const log = (page: Page) => page.getByRole("log");
async function say(page: Page, text: string) {
  await composer(page).fill(text);
  await composer(page).press("Enter");
}
async function openRoom(page: Page, title: string) {
  await page.getByRole("link", { name: new RegExp(title) }).click();
  await page.getByRole("heading", { name: title }).waitFor();
}

describe("two people chatting", () => {
  it("starts a direct chat, delivers both ways, and shows read marks, typing and presence", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const a = await signedInPage(chromium.browser, appUrl, alice);
    const b = await signedInPage(chromium.browser, appUrl, bob);

    // Alice starts the chat through the UI.
    await a.page.getByRole("link", { name: "New chat" }).click();
    await a.page.getByLabel("Username", { exact: true }).fill(bob.username);
    await a.page.getByRole("button", { name: "Start chat" }).click();
    await a.page.getByRole("heading", { name: "Bob" }).waitFor();
    await say(a.page, "안녕 Bob!");
    await log(a.page).getByText("안녕 Bob!").waitFor();

    // Bob's inbox gets the room live, with an unread badge and the preview.
    const row = b.page.getByRole("link", { name: /Alice/ });
    await row.getByText("1 unread message", { exact: true }).waitFor();
    await row.getByText("안녕 Bob!").waitFor();
    await openRoom(b.page, "Alice");
    await log(b.page).getByText("안녕 Bob!").waitFor();
    await b.page.getByText("Online").first().waitFor(); // Alice's presence in the header

    // Alice sees it read, and Bob typing; then his reply.
    await log(a.page).getByText("Read").waitFor();
    await composer(b.page).pressSequentially("hi", { delay: 20 });
    await a.page.getByText("Bob is typing…").waitFor();
    await composer(b.page).press("Enter");
    await log(a.page).getByText("hi", { exact: true }).waitFor();
    await expect.poll(() => a.page.getByText("Bob is typing…").count()).toBe(0);

    // Bob's badge is gone on the inbox.
    await toChats(b.page);
    await b.page.getByRole("link", { name: /Alice/ }).waitFor();
    expect(await b.page.getByText(/unread messages/).count()).toBe(0);

    // Bob leaves: Alice's header turns to when he was last seen.
    await b.context.close();
    await a.page.getByText(/Last seen/).waitFor();
    await a.context.close();
  });

  it("renders hostile text as text and links only http(s), with noopener noreferrer", async () => {
    const alice = await signUp(appUrl, "<b>Alice</b>");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    const a = await signedInPage(chromium.browser, appUrl, alice);
    const b = await signedInPage(chromium.browser, appUrl, bob);
    await a.page.goto(`${appUrl}/rooms/${roomId}`);
    const payload = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>`;
    await say(a.page, payload);
    await say(a.page, "docs https://example.com/a?b=1 and javascript:alert(1)");
    await openRoom(b.page, "<b>Alice</b>");
    await log(b.page).getByText(payload).waitFor();
    const links = log(b.page).locator("a");
    await expect.poll(() => links.count()).toBe(1);
    expect(await links.getAttribute("href")).toBe("https://example.com/a?b=1");
    expect(await links.getAttribute("rel")).toBe("noopener noreferrer");
    expect(await links.getAttribute("target")).toBe("_blank");
    expect(await log(b.page).locator("img, script, b").count()).toBe(0);
    expect(await b.page.evaluate(() => "__xss" in window)).toBe(false);
    await Promise.all([a.context.close(), b.context.close()]);
  });
});

describe("history", () => {
  it("loads older pages as the reader scrolls up, keeping their place", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, alice, {
      kind: "group",
      title: "Long history",
      memberIds: [bob.id],
    });
    for (let i = 1; i <= 75; i++) await sendOverHttp(appUrl, alice, roomId, `line ${i}`);
    const b = await signedInPage(chromium.browser, appUrl, bob);
    await openRoom(b.page, "Long history");
    await log(b.page).getByText("line 75").waitFor();
    expect(await log(b.page).getByText("line 1", { exact: true }).count()).toBe(0);

    const scrollTop = () => log(b.page).evaluate((el) => el.scrollTop);
    const first = log(b.page).getByText("line 1", { exact: true });
    for (let i = 0; i < 20 && (await first.count()) === 0; i++) {
      await log(b.page).evaluate((el) => el.scrollTo(0, 0));
      await b.page.waitForTimeout(250);
    }
    // Each page above was added without moving what the reader was looking at.
    expect(await scrollTop()).toBeGreaterThan(0);
    await b.page.getByText("This is the beginning of the chat.").waitFor();
    const lines = await log(b.page)
      .locator("li.msg .body")
      .evaluateAll((nodes) => nodes.map((n) => n.textContent));
    expect(lines).toEqual(Array.from({ length: 75 }, (_, i) => `line ${i + 1}`));
    await b.context.close();
  });
});

describe("a refused message", () => {
  it("shows why it was not sent, and goes out on retry", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    const a = await signedInPage(chromium.browser, appUrl, alice);
    // The server refuses the first send (as it would a room the user was removed from).
    let refuse = true;
    await a.page.routeWebSocket(/\/api\/socket/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((data) => {
        const frame = JSON.parse(String(data)) as { type: string; id?: string };
        if (frame.type === "send" && refuse) {
          refuse = false;
          ws.send(
            JSON.stringify({
              type: "error",
              ref: frame.id,
              code: "forbidden",
              message: "not allowed here",
            }),
          );
          return;
        }
        server.send(data);
      });
    });
    await a.page.goto(`${appUrl}/rooms/${roomId}`);
    await say(a.page, "try me");
    // Said in the app's words, not the server's (English) text.
    await log(a.page).getByText("Not sent: you may not do that").waitFor();
    await log(a.page).getByRole("button", { name: "Retry" }).click();
    await expect
      .poll(() =>
        log(a.page)
          .getByText(/Not sent/)
          .count(),
      )
      .toBe(0);
    await log(a.page).locator("li.msg", { hasText: "try me" }).locator(".mark").waitFor();
    expect(await log(a.page).getByText("try me").count()).toBe(1);
    await a.context.close();
  });
});

describe("a group", () => {
  it("shows how many members have not read each message, counting down as they read", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const carol = await signUp(appUrl, "Carol");
    const a = await signedInPage(chromium.browser, appUrl, alice);
    await a.page.getByRole("link", { name: "New chat" }).click();
    await a.page.getByLabel("Group name").fill("Team 팀");
    await a.page.getByLabel("Usernames").fill(`${bob.username}, ${carol.username}`);
    await a.page.getByRole("button", { name: "Create group" }).click();
    await a.page.getByRole("heading", { name: "Team 팀" }).waitFor();
    await a.page.getByText("3 members").waitFor();
    await say(a.page, "hello team");
    const mine = log(a.page).locator("li.msg", { hasText: "hello team" });
    await mine.locator(".mark", { hasText: "2" }).waitFor();

    const b = await signedInPage(chromium.browser, appUrl, bob);
    await openRoom(b.page, "Team 팀");
    await log(b.page).getByText("hello team").waitFor();
    await mine.locator(".mark", { hasText: "1" }).waitFor();
    await log(b.page).getByText("Alice created the chat").waitFor();
    // Bob has read it too: on his screen only Carol is still counted.
    const theirs = log(b.page).locator("li.msg", { hasText: "hello team" }).locator(".mark");
    await expect.poll(() => theirs.textContent()).toBe("11 unread");

    // Managing members: Alice removes Carol; the count and the system message follow.
    await a.page.getByRole("link", { name: "Room info" }).click();
    const members = a.page.locator("ul.members");
    await members
      .getByRole("listitem")
      .filter({ hasText: "Carol" })
      .getByRole("button", { name: "Remove" })
      .click();
    await a.page
      .getByRole("dialog", { name: "Remove Carol?" })
      .getByRole("button", { name: "Remove" })
      .click();
    await expect
      .poll(() => members.getByRole("listitem").filter({ hasText: "Carol" }).count())
      .toBe(0);
    await log(b.page).getByText("Carol was removed").waitFor();

    // A name being typed survives the screen re-rendering for live events.
    const name = a.page.getByLabel("Name", { exact: true });
    await name.fill("Renamed 팀");
    await say(b.page, "a message while Alice types");
    await a.page.waitForTimeout(500);
    expect(await name.inputValue()).toBe("Renamed 팀");
    await a.page.getByRole("button", { name: "Rename" }).click();
    await log(b.page).getByText("Alice renamed the chat to Renamed 팀").waitFor();
    await Promise.all([a.context.close(), b.context.close()]);
  });
});

describe("signing out", () => {
  it("forgets the account's records on this chromium.browser, and the next account starts clean", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const carol = await signUp(appUrl, "Carol");
    const roomId = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    await sendOverHttp(appUrl, bob, roomId, "private to Alice");
    const a = await signedInPage(chromium.browser, appUrl, alice);
    await openRoom(a.page, "Bob");
    await log(a.page).getByText("private to Alice").waitFor();
    await a.page.waitForTimeout(500); // cached
    await a.page.getByRole("link", { name: "Profile" }).click();
    await a.page.getByRole("button", { name: "Sign out" }).click();
    await a.page.getByRole("heading", { name: "Sign in" }).waitFor();
    await a.page.waitForTimeout(500); // anything late would be written now
    const left = await a.page.evaluate(async (userId) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open("edge-chat");
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const count = (store: string, key: IDBValidKey | IDBKeyRange) =>
        new Promise<number>((resolve) => {
          const request = db.transaction(store).objectStore(store).count(key);
          request.onsuccess = () => resolve(request.result);
        });
      const range = IDBKeyRange.bound([userId], [userId, []]);
      return [
        await count("rooms", userId),
        await count("people", userId),
        await count("cursors", userId),
        await count("messages", range),
        await count("outbox", range),
      ];
    }, alice.id);
    expect(left).toEqual([0, 0, 0, 0, 0]);

    await a.page.getByLabel("Username").fill(carol.username);
    await a.page.getByLabel("Password").fill("correct horse battery");
    await a.page.getByRole("button", { name: "Sign in" }).click();
    await a.page.getByText("No chats yet.").waitFor();
    expect(await a.page.getByText("private to Alice").count()).toBe(0);
    await a.context.close();
  });
});

/** Alice and Bob in a direct room, each on a page of their own; Bob's sockets under control. */
async function directPair() {
  const alice = await signUp(appUrl, "Alice");
  const bob = await signUp(appUrl, "Bob");
  const roomId = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
  const a = await signedInPage(chromium.browser, appUrl, alice);
  const b = await signedInPage(chromium.browser, appUrl, bob);
  const sockets = await controlSockets(b.page);
  return { roomId, a, b, sockets };
}

describe("offline", () => {
  it("goes offline, queues a message, and catches up both ways when back", async () => {
    const { roomId, a, b, sockets } = await directPair();
    await b.page.goto(`${appUrl}/rooms/${roomId}`);
    await a.page.goto(`${appUrl}/rooms/${roomId}`);
    await say(a.page, "before");
    await log(b.page).getByText("before").waitFor();

    await b.context.setOffline(true);
    await sockets.cut();
    await b.page.getByRole("status", { name: "Connection" }).getByText("Offline").waitFor();
    await say(a.page, "while you were away");
    await say(b.page, "written offline");
    await log(b.page).getByText("Waiting to resend…").waitFor();

    sockets.restore();
    await b.context.setOffline(false);
    await log(b.page).getByText("while you were away").waitFor();
    await log(a.page).getByText("written offline").waitFor();
    await expect.poll(() => log(b.page).getByText("Waiting to resend…").count()).toBe(0);
    expect(await log(a.page).getByText("written offline").count()).toBe(1);
    expect(await log(b.page).getByText("written offline").count()).toBe(1);
    await Promise.all([a.context.close(), b.context.close()]);
  });

  it("shows the cache while the server is unreachable, and sends a message kept across a reload", async () => {
    const { roomId, a, b, sockets } = await directPair();
    await b.page.reload(); // its socket now runs through the route
    await a.page.goto(`${appUrl}/rooms/${roomId}`);
    await say(a.page, "cached message");
    await openRoom(b.page, "Alice");
    await log(b.page).getByText("cached message").waitFor();
    await b.page.waitForTimeout(500); // the cache write settles

    // The API and sockets go away: the room still shows from IndexedDB.
    await b.context.route("**/api/**", (route) => route.abort("internetdisconnected"));
    await sockets.cut();
    await say(b.page, "survives a reload");
    await log(b.page).getByText("Waiting to resend…").waitFor();
    await b.page.waitForTimeout(300); // the outbox write settles
    await b.page.reload();
    await log(b.page).getByText("cached message").waitFor();
    await log(b.page).getByText("survives a reload").waitFor();
    await log(b.page).getByText("Waiting to resend…").waitFor();

    // Back online: it goes out once, with its original id.
    await b.context.unroute("**/api/**");
    sockets.restore();
    await b.page.evaluate(() => dispatchEvent(new Event("online")));
    await log(a.page).getByText("survives a reload").waitFor();
    await expect.poll(() => log(b.page).getByText("Waiting to resend…").count()).toBe(0);
    await a.page.waitForTimeout(300);
    expect(await log(a.page).getByText("survives a reload").count()).toBe(1);
    await Promise.all([a.context.close(), b.context.close()]);
  });
});
