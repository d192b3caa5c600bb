/**
 * A stranger's first message in real Chromium against `wrangler dev`: Bob, whom Alice has
 * never chatted with, starts a chat with her. Her inbox row is marked "First chat" (live, and
 * on a fresh load), and the open room says who it is above the messages, with Block and
 * Report at hand (in Korean too). Block there blocks (Bob's next message is refused), Report
 * files a report of Bob for the operator, and once Alice replies the marks go, as the server
 * has it.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import type { InboxEntry } from "../../src/protocol";
import { sharedBrowser } from "./shared-browser";
import { composer, log, toChats } from "./timeline";
import { callAs, createRoom, sendOverHttp, signedInPage, signUp, type TestUser } from "./users";

const appUrl = inject("appUrl");
const operatorToken = inject("operatorToken");
const chromium = sharedBrowser();

const NOTE = "Bob isn't someone you've chatted with before.";
const note = (page: Page) => page.locator(".stranger-note");
const row = (page: Page) => page.getByRole("link", { name: /Bob/ });

/** Bob starts a direct chat with `alice` and writes in it; resolves with the room's id. */
async function bobWrites(alice: TestUser, body: string): Promise<[TestUser, string]> {
  const bob = await signUp(appUrl, "Bob");
  const roomId = await createRoom(appUrl, bob, { kind: "direct", userId: alice.id });
  await sendOverHttp(appUrl, bob, roomId, body);
  return [bob, roomId];
}

async function strangerOnServer(user: TestUser, roomId: string): Promise<boolean | undefined> {
  const inbox = await callAs<{ rooms: InboxEntry[] }>(appUrl, user, "GET", "/api/rooms");
  return inbox.rooms.find((r) => r.id === roomId)?.stranger;
}

describe("a chat a stranger started", () => {
  it("is marked in the inbox and the room until the user replies", async () => {
    const alice = await signUp(appUrl, "Alice");
    const a = await signedInPage(chromium.browser, appUrl, alice);
    // Live: the chat starts while Alice's inbox is open.
    const [, roomId] = await bobWrites(alice, "hi, saw your profile");
    await row(a.page).getByText("First chat", { exact: true }).waitFor();
    await row(a.page).click();
    await log(a.page).getByText("hi, saw your profile").waitFor();
    await note(a.page).getByText(NOTE, { exact: false }).waitFor();
    await note(a.page).getByRole("button", { name: "Block Bob" }).waitFor();
    await note(a.page).getByRole("button", { name: "Report Bob" }).waitFor();

    // Another device of Alice's, fresh: the server's word, in Korean.
    const other = await signedInPage(chromium.browser, appUrl, alice);
    await other.page.getByLabel("Language").selectOption("ko");
    await row(other.page).getByText("첫 대화", { exact: true }).waitFor();
    await row(other.page).click();
    await note(other.page)
      .getByText("Bob 님은 전에 대화한 적이 없는 사람이에요.", { exact: false })
      .waitFor();
    await note(other.page).getByRole("button", { name: "Bob 님 차단" }).waitFor();
    await note(other.page).getByRole("button", { name: "Bob 님 신고" }).waitFor();

    // Alice replies: the note goes, on both devices, and the row's mark with it.
    await composer(a.page).fill("hello, who is this?");
    await composer(a.page).press("Enter");
    await log(a.page).getByText("hello, who is this?").waitFor();
    await note(a.page).waitFor({ state: "detached" });
    await note(other.page).waitFor({ state: "detached" });
    await expect.poll(() => strangerOnServer(alice, roomId)).toBe(false);
    await toChats(a.page);
    await row(a.page).getByText("hello, who is this?").waitFor();
    expect(await row(a.page).getByText("First chat").count()).toBe(0);
    // And stays gone on a fresh load.
    await a.page.reload();
    await row(a.page).getByText("hello, who is this?").waitFor();
    expect(await row(a.page).getByText("First chat").count()).toBe(0);
    await Promise.all([a.context.close(), other.context.close()]);
  });

  it("blocks from the note: the chat takes no more messages from the stranger", async () => {
    const alice = await signUp(appUrl, "Alice");
    const [bob, roomId] = await bobWrites(alice, "cheap watches, click here");
    const a = await signedInPage(chromium.browser, appUrl, alice);
    await row(a.page).click();
    await note(a.page).getByRole("button", { name: "Block Bob" }).click();
    await a.page.getByText("You blocked Bob.").waitFor();
    expect(await note(a.page).count()).toBe(0);

    const response = await fetch(`${appUrl}/api/rooms/${roomId}/messages`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Authorization: `Bearer ${bob.session.accessToken}`,
      },
      body: JSON.stringify({ clientMsgId: crypto.randomUUID(), body: "last chance" }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "blocked" } });
    await a.context.close();
  });

  it("reports the stranger from the note, for the operator to read", async () => {
    const alice = await signUp(appUrl, "Alice");
    const [bob] = await bobWrites(alice, "send me a gift card");
    const a = await signedInPage(chromium.browser, appUrl, alice);
    await row(a.page).click();
    await note(a.page).getByRole("button", { name: "Report Bob" }).click();
    const dialog = a.page.getByRole("dialog", { name: "Report Bob" });
    await dialog.getByRole("radio", { name: "Scam or fraud" }).check();
    await dialog.getByRole("textbox", { name: "Anything to add (optional)" }).fill("first message");
    await dialog.getByRole("button", { name: "Send report" }).click();
    await dialog.waitFor({ state: "detached" });
    await a.page.getByRole("status").getByText("Report sent. Thank you.").waitFor();

    const response = await fetch(`${appUrl}/api/operator/reports?status=open&limit=100`, {
      headers: { "X-Operator-Token": operatorToken },
    });
    expect(response.status).toBe(200);
    const { reports } = (await response.json()) as { reports: { reporterId: string }[] };
    expect(reports.find((r) => r.reporterId === alice.id)).toMatchObject({
      kind: "user",
      userId: bob.id,
      reason: "scam",
      note: "first message",
      message: null,
    });
    // Reporting is not blocking: the note stays, and so does the composer.
    await note(a.page).getByText(NOTE, { exact: false }).waitFor();
    await composer(a.page).waitFor();
    await a.context.close();
  });
});
