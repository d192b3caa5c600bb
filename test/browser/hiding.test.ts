/**
 * Ways out of a chat in real Chromium against `wrangler dev`: "Hide chat" in a direct
 * chat's info takes its row out of the inbox on every device of the user's until the next
 * message brings it back (an inbox page asked for before the hide does not); "Leave chat"
 * in an object chat's info asks first (in the user's language) and then the row leaves the
 * inbox, on the other device too.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import type { ChatObject, InboxEntry, RoomDetails } from "../../src/protocol";
import { sharedBrowser } from "./shared-browser";
import { callAs, createRoom, sendOverHttp, signedInPage, signUp, type TestUser } from "./users";

const appUrl = inject("appUrl");
const chromium = sharedBrowser();

const rows = (page: Page) => page.locator("ul.rooms > li");

async function inboxIds(user: TestUser): Promise<string[]> {
  const inbox = await callAs<{ rooms: InboxEntry[] }>(appUrl, user, "GET", "/api/rooms");
  return inbox.rooms.map((r) => r.id);
}

describe("hiding a direct chat", () => {
  it("takes its row out of the inbox on every device until the next message", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const carol = await signUp(appUrl, "Carol");
    const roomId = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    await createRoom(appUrl, alice, { kind: "direct", userId: carol.id });
    await sendOverHttp(appUrl, bob, roomId, "see you tomorrow");
    const a = await signedInPage(chromium.browser, appUrl, alice);
    const phone = await signedInPage(chromium.browser, appUrl, alice); // another device
    const bobRow = (page: Page) => page.getByRole("link", { name: /Bob/ });
    await bobRow(phone.page).getByText("see you tomorrow").waitFor();

    await a.page.goto(`${appUrl}/rooms/${roomId}/info`);
    await a.page
      .getByText("It leaves your chats on all your devices until a new message comes.")
      .waitFor();
    await a.page.getByRole("button", { name: "Hide chat" }).click();
    await a.page.waitForURL(`${appUrl}/`); // beside the list on a wide window: it went home
    await a.page.getByRole("heading", { name: /Chats/ }).waitFor();
    await a.page.getByRole("link", { name: /Carol/ }).waitFor();
    expect(await bobRow(a.page).count()).toBe(0);
    await bobRow(phone.page).waitFor({ state: "detached" });
    await expect.poll(() => rows(phone.page).count()).toBe(1);
    expect(await inboxIds(alice)).not.toContain(roomId);

    // Bob writes again: the row is back on both.
    await sendOverHttp(appUrl, bob, roomId, "are you coming?");
    await bobRow(phone.page).getByText("are you coming?").waitFor();
    await bobRow(a.page).getByText("are you coming?").waitFor();
    expect(await inboxIds(alice)).toContain(roomId);
    await Promise.all([a.context.close(), phone.context.close()]);
  });
});

describe("a chat hidden while the inbox's first page is on its way", () => {
  it("stays hidden when that page, asked for before, lists it", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    await sendOverHttp(appUrl, bob, roomId, "see you tomorrow");
    const a = await signedInPage(chromium.browser, appUrl, alice);
    const bobRow = a.page.getByRole("link", { name: /Bob/ });
    await bobRow.waitFor();
    // The next connect's first page, answered before the chat is hidden, arrives after.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let asked = false;
    await a.context.route(
      (url) => url.pathname === "/api/rooms",
      async (route) => {
        if (route.request().method() !== "GET") return route.continue();
        const response = await route.fetch(); // answered now, before the hide
        asked = true;
        await held;
        return route.fulfill({ response });
      },
    );
    await a.page.goto(`${appUrl}/rooms/${encodeURIComponent(roomId)}/info`);
    await expect.poll(() => asked).toBe(true);
    await a.page.getByRole("button", { name: "Hide chat" }).click();
    await a.page.waitForURL(`${appUrl}/`);
    await a.page.getByRole("heading", { name: /Chats/ }).waitFor();
    expect(await inboxIds(alice)).not.toContain(roomId);
    await a.page.waitForTimeout(500); // the server's `hidden` event, heard first
    release();
    await a.page.waitForTimeout(1_000);
    expect(await bobRow.count()).toBe(0);
    await a.context.close();
  });
});

describe("leaving an object chat", () => {
  it("asks first, in the user's language, then the row leaves the inbox", async () => {
    const olivia = await signUp(appUrl, "Olivia");
    const bob = await signUp(appUrl, "Bob");
    const lamp = await callAs<ChatObject>(appUrl, olivia, "POST", "/api/objects", {
      title: "Desk lamp",
    });
    const chat = await callAs<RoomDetails>(appUrl, bob, "POST", `/api/objects/${lamp.id}/chats`);
    await sendOverHttp(appUrl, bob, chat.id, "is it still there?");
    await sendOverHttp(appUrl, olivia, chat.id, "yes");
    const b = await signedInPage(chromium.browser, appUrl, bob);
    const other = await signedInPage(chromium.browser, appUrl, bob); // another device
    await b.page.getByLabel("Language").selectOption("ko");
    const lampRow = (page: Page) => page.getByRole("link", { name: /Desk lamp/ });
    await lampRow(other.page).getByText("yes").waitFor();

    await lampRow(b.page).click();
    await b.page.getByRole("link", { name: "채팅방 정보" }).click();
    // Asked first: cancelling leaves nothing.
    await b.page.getByRole("button", { name: "채팅방 나가기" }).click();
    const dialog = b.page.getByRole("dialog", { name: "채팅방을 나갈까요?" });
    await dialog
      .getByText("채팅 목록에서 사라져요. 상대방이 다시 메시지를 보내면 돌아와요.")
      .waitFor();
    await dialog.getByRole("button", { name: "취소" }).click();
    await dialog.waitFor({ state: "detached" });
    expect(await inboxIds(bob)).toContain(chat.id);

    await b.page.getByRole("button", { name: "채팅방 나가기" }).click();
    await dialog.getByRole("button", { name: "나가기", exact: true }).click();
    await b.page.waitForURL(`${appUrl}/`);
    await b.page.getByRole("heading", { name: /채팅/ }).first().waitFor();
    await expect.poll(() => inboxIds(bob)).not.toContain(chat.id);
    await lampRow(other.page).waitFor({ state: "detached" });
    // The leave's own system message reaches the devices, and brings no row back.
    await b.page.waitForTimeout(1_000);
    expect(await lampRow(b.page).count()).toBe(0);
    expect(await lampRow(other.page).count()).toBe(0);
    await Promise.all([b.context.close(), other.context.close()]);
  });
});
