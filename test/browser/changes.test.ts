/**
 * Changing messages in real Chromium against `wrangler dev`: Alice edits her message and
 * reacts to it (offline: shown at once, as a chip and not as a message waiting to be sent),
 * and Bob's open room shows the edit ("edited") and the reaction chip live;
 * Bob puts the same emoji and takes it back by tapping the chip; Alice deletes the message
 * after confirming, and Bob sees it deleted in place, his reply's quote saying so, and his
 * inbox's preview of a deleted newest message too. Delete for me takes a message off all the
 * user's devices and leaves it with the others. A report made through its dialog reaches
 * the operator.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import type { ChatMessage } from "../../src/protocol";
import { sharedBrowser } from "./shared-browser";
import { controlSockets } from "./sockets";
import { composer, exactly, item, log, toChats } from "./timeline";
import { callAs, createRoom, sendOverHttp, signedInPage, signUp, type TestUser } from "./users";

const appUrl = inject("appUrl");
const operatorToken = inject("operatorToken");
const chromium = sharedBrowser();

const bySeq = (page: Page, seq: number) => log(page).locator(`li[data-seq="${seq}"]`);

async function messages(user: TestUser, roomId: string, query = "limit=20") {
  const path = `/api/rooms/${encodeURIComponent(roomId)}/messages?${query}`;
  return (await callAs<{ messages: ChatMessage[] }>(appUrl, user, "GET", path)).messages;
}

async function seqOf(user: TestUser, roomId: string, body: string): Promise<number> {
  const found = (await messages(user, roomId)).find((m) => m.body === body);
  if (!found) throw new Error(`no message "${body}"`);
  return found.seq;
}

/** Opens the actions menu of `message` (by the ⋯ button, as a mouse does) and chooses `name`. */
async function choose(page: Page, message: ReturnType<typeof item>, name: string) {
  await message.hover();
  await message.getByRole("button", { name: "Message actions" }).click();
  await page.getByRole("menu", { name: "Message actions" }).getByRole("menuitem", { name }).click();
}

describe("edits, reactions and deletes", () => {
  it("show live in the other member's open room, and a chip toggles the user's own", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    await sendOverHttp(appUrl, alice, roomId, "meet at the old bridge");
    const seq = await seqOf(alice, roomId, "meet at the old bridge");
    await callAs(appUrl, bob, "POST", `/api/rooms/${encodeURIComponent(roomId)}/messages`, {
      clientMsgId: crypto.randomUUID(),
      body: "which one?",
      replyTo: seq,
    });
    const a = await signedInPage(chromium.browser, appUrl, alice);
    const b = await signedInPage(chromium.browser, appUrl, bob);
    const sockets = await controlSockets(a.page);
    await a.page.goto(`${appUrl}/rooms/${roomId}`);
    await b.page.goto(`${appUrl}/rooms/${roomId}`);
    await item(b.page, "which one?").waitFor();

    // Esc cancels an edit: what Alice was writing is put back, and nothing is sent.
    await composer(a.page).fill("a draft");
    await choose(a.page, item(a.page, "meet at the old bridge"), "Edit");
    expect(await composer(a.page).inputValue()).toBe("meet at the old bridge");
    await composer(a.page).press("Escape");
    await a.page.locator("#edit-draft").waitFor({ state: "detached" });
    expect(await composer(a.page).inputValue()).toBe("a draft");
    await composer(a.page).fill("");

    // Alice edits: the composer takes the text, Enter saves.
    await choose(a.page, item(a.page, "meet at the old bridge"), "Edit");
    await a.page.locator("#edit-draft").getByText("Edit message").waitFor();
    expect(await composer(a.page).inputValue()).toBe("meet at the old bridge");
    await composer(a.page).fill("meet at the new bridge");
    await composer(a.page).press("Enter");
    await item(a.page, "meet at the new bridge").getByText("edited").waitFor();
    expect(await composer(a.page).inputValue()).toBe("");
    expect(await a.page.getByRole("button", { name: "Send" }).count()).toBe(1);

    // Bob's open room shows it live, edited, and his reply's quote with the new text.
    const edited = bySeq(b.page, seq);
    await edited.locator(".body", { hasText: exactly("meet at the new bridge") }).waitFor();
    await edited.getByText("edited").waitFor();
    await item(b.page, "which one?")
      .locator(".quote")
      .getByText("meet at the new bridge")
      .waitFor();
    expect(await edited.getByText("meet at the old bridge").count()).toBe(0);

    // Alice reacts with 👍 from the menu's picker, offline: it shows at once, as a chip on
    // the message and not as a message of its own waiting to be sent.
    await sockets.cut();
    await a.page.getByRole("status", { name: "Connection" }).getByText("Offline").waitFor();
    await choose(a.page, item(a.page, "meet at the new bridge"), "React");
    const picker = a.page.getByRole("menu", { name: "React" });
    await picker.getByRole("menuitemcheckbox", { name: "React with 👍" }).click();
    await picker.waitFor({ state: "detached" });
    const aliceChip = bySeq(a.page, seq).getByRole("button", { name: "👍 from You" });
    await aliceChip.waitFor();
    expect(await aliceChip.getAttribute("aria-pressed")).toBe("true");
    expect(await log(a.page).locator("li.outgoing").count()).toBe(0);
    expect(await bySeq(b.page, seq).locator(".chip").count()).toBe(0);
    sockets.restore();
    await a.page.evaluate(() => dispatchEvent(new Event("online")));

    // Bob sees the chip live, named for who reacted, not his own.
    const chip = bySeq(b.page, seq).locator(".chip");
    await expect.poll(() => chip.getAttribute("aria-label")).toBe("👍 from Alice");
    expect(await chip.getAttribute("aria-pressed")).toBe("false");
    expect(await chip.textContent()).toBe("👍1");
    // Bob taps it: his too (Alice sees two); again: taken back. Alice's reaction went out on
    // her session socket, before her room's own socket was back: the SDK shows what comes
    // next from the room once the session brings her reaction too, which its fanout may
    // pace by some seconds.
    const alices = { timeout: 10_000 };
    await chip.click();
    await expect.poll(() => chip.getAttribute("aria-label")).toBe("👍 from Alice, You");
    expect(await chip.getAttribute("aria-pressed")).toBe("true");
    await expect
      .poll(() => bySeq(a.page, seq).locator(".chip").getAttribute("aria-label"), alices)
      .toBe("👍 from Bob, You");
    await chip.click();
    await expect.poll(() => chip.getAttribute("aria-label")).toBe("👍 from Alice");
    expect(await chip.getAttribute("aria-pressed")).toBe("false");
    await expect
      .poll(() => bySeq(a.page, seq).locator(".chip").getAttribute("aria-label"), alices)
      .toBe("👍 from You");
    await expect
      .poll(async () => (await messages(bob, roomId)).find((m) => m.seq === seq)?.reactions)
      .toEqual([{ emoji: "👍", userIds: [alice.id] }]);

    // Alice deletes it, after saying so: Bob sees it deleted in place, and his quote says so.
    await choose(a.page, item(a.page, "meet at the new bridge"), "Delete");
    const confirm = a.page.getByRole("dialog", { name: "Delete this message?" });
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await confirm.waitFor({ state: "detached" });
    expect(await item(a.page, "meet at the new bridge").count()).toBe(1);
    await choose(a.page, item(a.page, "meet at the new bridge"), "Delete");
    await confirm.getByRole("button", { name: "Delete for everyone" }).click();
    await bySeq(a.page, seq).getByText("This message was deleted").waitFor();
    await bySeq(b.page, seq).getByText("This message was deleted").waitFor();
    expect(await bySeq(b.page, seq).locator(".chip, .body").count()).toBe(0);
    await item(b.page, "which one?").getByText("Original message deleted").waitFor();
    expect(await b.page.getByText("meet at the new bridge").count()).toBe(0);

    // The newest message deleted while Bob looks at his inbox: its preview says so.
    await composer(a.page).fill("wrong chat, sorry");
    await composer(a.page).press("Enter");
    await item(b.page, "wrong chat, sorry").waitFor();
    await toChats(b.page);
    const row = b.page.getByRole("link", { name: /Alice/ });
    await row.getByText("wrong chat, sorry").waitFor();
    await choose(a.page, item(a.page, "wrong chat, sorry"), "Delete");
    await confirm.getByRole("button", { name: "Delete for everyone" }).click();
    await row.getByText("This message was deleted").waitFor();
    await Promise.all([a.context.close(), b.context.close()]);
  });
});

describe("delete for me", () => {
  it("takes another's message off the user's devices, after asking, and leaves it with the sender", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    await sendOverHttp(appUrl, bob, roomId, "an unfunny meme");
    await sendOverHttp(appUrl, bob, roomId, "lunch at noon?");
    const seq = await seqOf(bob, roomId, "an unfunny meme");
    const phone = await signedInPage(chromium.browser, appUrl, alice);
    const laptop = await signedInPage(chromium.browser, appUrl, alice);
    const b = await signedInPage(chromium.browser, appUrl, bob);
    for (const page of [phone.page, laptop.page, b.page]) {
      await page.goto(`${appUrl}/rooms/${roomId}`);
      await item(page, "an unfunny meme").waitFor();
    }
    // Another's message: only for me, said so.
    await choose(phone.page, item(phone.page, "an unfunny meme"), "Delete");
    const confirm = phone.page.getByRole("dialog", { name: "Delete this message for you?" });
    await confirm.getByText("Others in this chat still see it.").waitFor();
    expect(await confirm.getByRole("button", { name: "Delete for everyone" }).count()).toBe(0);
    await confirm.getByRole("button", { name: "Delete for me" }).click();
    await item(phone.page, "an unfunny meme").waitFor({ state: "detached" });
    // Her other device too, by her log; Bob keeps it.
    await item(laptop.page, "an unfunny meme").waitFor({ state: "detached" });
    await item(laptop.page, "lunch at noon?").waitFor();
    expect(await bySeq(b.page, seq).getByText("an unfunny meme").count()).toBe(1);
    // A reload pages it from the server: still gone.
    await laptop.page.reload();
    await item(laptop.page, "lunch at noon?").waitFor();
    expect(await item(laptop.page, "an unfunny meme").count()).toBe(0);
    expect(await bySeq(laptop.page, seq).count()).toBe(0); // not even an empty bubble
    expect((await messages(alice, roomId)).find((m) => m.seq === seq)).toMatchObject({
      hidden: true,
      body: "",
    });

    // Her own newest message: both ways offered; for me, her inbox row says she deleted it.
    await sendOverHttp(appUrl, alice, roomId, "oops, wrong photo");
    await item(phone.page, "oops, wrong photo").waitFor();
    await choose(phone.page, item(phone.page, "oops, wrong photo"), "Delete");
    const both = phone.page.getByRole("dialog", { name: "Delete this message?" });
    await both.getByRole("button", { name: "Delete for everyone" }).waitFor();
    await both.getByRole("button", { name: "Delete for me" }).click();
    await item(phone.page, "oops, wrong photo").waitFor({ state: "detached" });
    await item(b.page, "oops, wrong photo").waitFor();
    await toChats(laptop.page);
    await laptop.page
      .getByRole("link", { name: /Bob/ })
      .getByText("You deleted this message")
      .waitFor();
    await Promise.all([phone.context.close(), laptop.context.close(), b.context.close()]);
  });
});

describe("reporting a message", () => {
  it("sends the reason and note chosen in the dialog, for the operator to read", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    await sendOverHttp(appUrl, alice, roomId, "send me your card number");
    const seq = await seqOf(alice, roomId, "send me your card number");
    const b = await signedInPage(chromium.browser, appUrl, bob);
    await b.page.goto(`${appUrl}/rooms/${roomId}`);
    await choose(b.page, item(b.page, "send me your card number"), "Report");
    const dialog = b.page.getByRole("dialog", { name: "Report message" });
    await dialog.getByRole("radio", { name: "Scam or fraud" }).check();
    await dialog.getByRole("textbox", { name: "Anything to add (optional)" }).fill("asked twice");
    await dialog.getByRole("button", { name: "Send report" }).click();
    await dialog.waitFor({ state: "detached" });
    await b.page.getByRole("status").getByText("Report sent. Thank you.").waitFor();

    const response = await fetch(`${appUrl}/api/operator/reports?status=open&limit=100`, {
      headers: { "X-Operator-Token": operatorToken },
    });
    expect(response.status).toBe(200);
    const { reports } = (await response.json()) as {
      reports: { reporterId: string; kind: string; roomId: string; seq: number }[];
    };
    expect(reports.find((r) => r.reporterId === bob.id)).toMatchObject({
      kind: "message",
      roomId,
      seq,
      userId: alice.id,
      reason: "scam",
      note: "asked twice",
      message: { body: "send me your card number" },
    });
    await b.context.close();
  });
});
