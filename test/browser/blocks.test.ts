/**
 * Blocks in real Chromium against `wrangler dev`: Alice blocks Bob from their direct chat's
 * info, her composer gives way to "You blocked Bob." with Unblock, and Bob's message is
 * refused, said in his language (Korean here, not the server's English), his composer
 * giving way to a note, and so is his starting the chat anew; Alice's profile lists Bob and unblocks him, and the chat takes
 * messages again. In a group, a blocked user's message shows collapsed until asked for.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import type { ChatMessage } from "../../src/protocol";
import { sharedBrowser } from "./shared-browser";
import { toChats } from "./timeline";
import { callAs, createRoom, sendOverHttp, signedInPage, signUp, type TestUser } from "./users";

const appUrl = inject("appUrl");
const chromium = sharedBrowser();

const log = (page: Page) => page.getByRole("log");

async function bodies(user: TestUser, roomId: string): Promise<string[]> {
  const path = `/api/rooms/${encodeURIComponent(roomId)}/messages?limit=20`;
  const { messages } = await callAs<{ messages: ChatMessage[] }>(appUrl, user, "GET", path);
  return messages.map((m) => m.body);
}

describe("blocking from a direct chat", () => {
  it("replaces both composers with a note, and the server refuses the blocked user", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    await sendOverHttp(appUrl, bob, roomId, "hello again");
    const a = await signedInPage(chromium.browser, appUrl, alice);
    const b = await signedInPage(chromium.browser, appUrl, bob);
    await b.page.getByLabel("Language").selectOption("ko"); // Bob reads Korean
    await b.page.goto(`${appUrl}/rooms/${roomId}`);
    await log(b.page).getByText("hello again").waitFor();

    // Alice blocks Bob from the chat's info.
    await a.page.goto(`${appUrl}/rooms/${roomId}/info`);
    await a.page.getByRole("button", { name: "Block Bob" }).click();
    await a.page.getByRole("button", { name: "Unblock Bob" }).waitFor();
    await a.page.getByRole("link", { name: "Back" }).click();
    await a.page.getByText("You blocked Bob.").waitFor();
    expect(await a.page.getByRole("textbox", { name: "Message" }).count()).toBe(0);

    // Bob, whose open room knows nothing yet, writes: refused, in Korean.
    const field = b.page.getByRole("textbox", { name: "메시지" });
    await field.fill("are you there?");
    await field.press("Enter");
    const failed = log(b.page).locator("li.failed");
    await failed.getByText("보내지 못했어요: 차단되어 이 채팅에는 보낼 수 없어요").waitFor();
    await b.page.getByText("이 채팅에는 메시지를 보낼 수 없어요.").waitFor();
    expect(await field.count()).toBe(0);
    expect(await b.page.locator("body").textContent()).not.toMatch(/block/i);
    expect(await bodies(alice, roomId)).not.toContain("are you there?");
    // Starting the chat anew is refused too, and said in Korean.
    await toChats(b.page);
    await b.page.getByRole("link", { name: "새 채팅" }).click();
    await b.page.getByLabel("아이디", { exact: true }).fill(alice.username);
    await b.page.getByRole("button", { name: "채팅 시작" }).click();
    await b.page.getByRole("alert").getByText("차단 상태라서 할 수 없어요.").waitFor();

    // Alice's profile lists Bob; unblocking there opens the chat again.
    await a.page.goto(`${appUrl}/profile`);
    const list = a.page.getByRole("region", { name: "Blocked users" });
    await list.getByText("Bob").waitFor();
    await list.getByRole("button", { name: "Unblock Bob" }).click();
    await list.getByText("You haven't blocked anyone.").waitFor();
    await a.page.getByRole("link", { name: "Back" }).click();
    await a.page.getByRole("link", { name: /Bob/ }).click();
    await a.page.getByRole("textbox", { name: "Message" }).waitFor();
    expect(await a.page.getByText("You blocked Bob.").count()).toBe(0);

    // Bob opens the chat again: it takes his message now.
    await toChats(b.page);
    await b.page.getByRole("link", { name: /Alice/ }).click();
    await field.fill("there you are");
    await field.press("Enter");
    await log(a.page).getByText("there you are").waitFor();
    expect(await bodies(alice, roomId)).toContain("there you are");
    await Promise.all([a.context.close(), b.context.close()]);
  });
});

describe("the profile's blocked users", () => {
  it("stay unblocked when a list asked for before the unblock is answered after it", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    await callAs(appUrl, alice, "PUT", `/api/me/blocks/${encodeURIComponent(bob.id)}`);
    // The first list this page asks for is answered at once; the next is read from the
    // server then, and handed over only once Bob is unblocked.
    let lists = 0;
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const a = await signedInPage(chromium.browser, appUrl, alice, {}, (context) =>
      context.route(
        (url) => url.pathname === "/api/me/blocks",
        async (route) => {
          if (route.request().method() !== "GET" || ++lists === 1) return route.continue();
          const response = await route.fetch();
          await held;
          return route.fulfill({ response });
        },
      ),
    );
    await a.page.getByRole("link", { name: "Profile" }).click();
    const list = a.page.getByRole("region", { name: "Blocked users" });
    await list.getByText("Bob").waitFor();
    await expect.poll(() => lists).toBeGreaterThanOrEqual(2); // the profile's own, held
    const unblocked = a.page.waitForResponse(
      (r) => r.url().includes("/api/me/blocks/") && r.request().method() === "DELETE",
    );
    await list.getByRole("button", { name: "Unblock Bob" }).click();
    await unblocked;
    await list.getByText("You haven't blocked anyone.").waitFor();
    release();
    await a.page.waitForTimeout(500);
    expect(await list.getByText("You haven't blocked anyone.").count()).toBe(1);
    expect(await list.getByText("Bob").count()).toBe(0);
    await a.context.close();
  });
});

describe("a blocked user in a group", () => {
  it("has their messages collapsed for the blocker, with a way to show each", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const carol = await signUp(appUrl, "Carol");
    const roomId = await createRoom(appUrl, alice, {
      kind: "group",
      title: "Neighbours",
      memberIds: [bob.id, carol.id],
    });
    await sendOverHttp(appUrl, carol, roomId, "cheap watches, click here");
    await sendOverHttp(appUrl, bob, roomId, "anyone up for tennis?");
    const a = await signedInPage(chromium.browser, appUrl, alice);

    // Alice blocks Carol from the member list.
    await a.page.goto(`${appUrl}/rooms/${roomId}/info`);
    await a.page.getByRole("button", { name: "Block Carol" }).click();
    await a.page.getByRole("button", { name: "Unblock Carol" }).waitFor();
    await a.page.goto(`${appUrl}/rooms/${roomId}`);
    await log(a.page).getByText("anyone up for tennis?").waitFor();
    const collapsed = log(a.page).locator("li.collapsed");
    await collapsed.getByText("Message from a blocked user").waitFor();
    expect(await log(a.page).getByText("cheap watches, click here").count()).toBe(0);

    // Her next message, live, collapsed too; each shows on request.
    await sendOverHttp(appUrl, carol, roomId, "last chance");
    await expect.poll(() => collapsed.count()).toBe(2);
    expect(await log(a.page).getByText("last chance").count()).toBe(0);
    await collapsed.first().getByRole("button", { name: "Show" }).click();
    await log(a.page).getByText("cheap watches, click here").waitFor();
    expect(await log(a.page).getByText("last chance").count()).toBe(0);
    await a.context.close();
  });
});
