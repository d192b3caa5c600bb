import { describe, expect, inject, it } from "vitest";
import type { InboxEntry } from "../../src/protocol";
import { sharedBrowser } from "./shared-browser";
import { callAs, createRoom, sendOverHttp, signedInPage, signUp } from "./users";

const appUrl = inject("appUrl");
const chromium = sharedBrowser();

describe("a room the user was removed from", () => {
  it("shows as left on a fresh chromium.browser, which stays online and stops asking", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, alice, {
      kind: "group",
      title: "Old team",
      memberIds: [bob.id],
    });
    await sendOverHttp(appUrl, alice, roomId, "welcome, Bob");
    await callAs(appUrl, alice, "DELETE", `/api/rooms/${roomId}/members/${bob.id}`);
    await expect
      .poll(async () => {
        const inbox = await callAs<{ rooms: InboxEntry[] }>(appUrl, bob, "GET", "/api/rooms");
        return inbox.rooms.find((r) => r.id === roomId)?.membership;
      })
      .toBe("left");

    const b = await signedInPage(chromium.browser, appUrl, bob);
    const asked: string[] = [];
    b.page.on("request", (request) => {
      const path = decodeURIComponent(new URL(request.url()).pathname);
      if (path === "/api/socket/ticket" || path.startsWith(`/api/rooms/${roomId}`)) {
        asked.push(path);
      }
    });
    const row = b.page.getByRole("link", { name: /Old team/ });
    await row.getByText("Left", { exact: true }).waitFor();
    await b.page.waitForTimeout(2_000);
    expect(asked).toEqual([]);
    await b.page.getByRole("status", { name: "Connection" }).getByText("Online").waitFor();

    // Opened, it shows what the device has, and still asks nothing.
    await row.click();
    await b.page.getByRole("heading", { name: "Old team" }).waitFor();
    await b.page.getByText("You are no longer in this chat.").waitFor();
    await b.page
      .getByRole("log")
      .getByText(/removed/)
      .waitFor();
    await b.page.waitForTimeout(1_000);
    expect(asked).toEqual([]);
    await b.context.close();
  });
});

describe("an inbox longer than a page", () => {
  it("shows the newest page of chats, and the older ones when the list reaches its end", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const count = 53; // INBOX_PAGE_SIZE (50) and three more
    for (let i = 0; i < count; i++) {
      await createRoom(appUrl, alice, { kind: "group", title: `Room ${i}`, memberIds: [bob.id] });
    }
    await expect
      .poll(async () => {
        const inbox = await callAs<{ rooms: InboxEntry[] }>(
          appUrl,
          bob,
          "GET",
          "/api/rooms?limit=100",
        );
        return inbox.rooms.length;
      })
      .toBe(count);

    const b = await signedInPage(chromium.browser, appUrl, bob);
    const rows = b.page.locator("ul.rooms > li");
    await expect.poll(() => rows.count()).toBe(50);
    expect(await b.page.getByRole("link", { name: /^Room 0\b/ }).count()).toBe(0);
    await b.page.getByRole("button", { name: "More chats" }).scrollIntoViewIfNeeded();
    await expect.poll(() => rows.count()).toBe(count);
    await b.page.getByRole("link", { name: /^Room 0\b/ }).waitFor();
    expect(await b.page.getByRole("button", { name: "More chats" }).count()).toBe(0);
    await b.context.close();
  });
});

describe("a chat from someone new", () => {
  it("shows the stranger's name as its title and in its preview without being opened, on every device", async () => {
    const alice = await signUp(appUrl, "Alice");
    const sam = await signUp(appUrl, "Sam Stranger");
    const a = await signedInPage(chromium.browser, appUrl, alice);

    // Sam starts a chat with Alice and a group with her; Alice has never seen Sam's name.
    await createRoom(appUrl, sam, { kind: "direct", userId: alice.id });
    await createRoom(appUrl, sam, { kind: "group", title: "Plans", memberIds: [alice.id] });
    const inbox = a.page.locator("ul.rooms");
    const direct = a.page.getByRole("link", { name: /^Sam Stranger/ });
    await direct.getByText("Sam Stranger created the chat").waitFor();
    await direct.locator(".avatar").getByText("S").waitFor();
    const group = a.page.getByRole("link", { name: /^Plans/ });
    await group.getByText("Sam Stranger created the chat").waitFor();
    expect(await inbox.getByText("…").count()).toBe(0);

    // A second device, whose name lookups all fail: the inbox's own answer names Sam.
    const second = await signedInPage(chromium.browser, appUrl, alice, {}, (context) =>
      context.route("**/api/users?*", (route) => route.abort("failed")),
    );
    const again = second.page.getByRole("link", { name: /^Sam Stranger/ });
    await again.getByText("Sam Stranger created the chat").waitFor();
    await second.page
      .getByRole("link", { name: /^Plans/ })
      .getByText("Sam Stranger created the chat")
      .waitFor();
    expect(await second.page.locator("ul.rooms").getByText("…").count()).toBe(0);
    await Promise.all([a.context.close(), second.context.close()]);
  });
});
