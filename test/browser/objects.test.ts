/**
 * Object chats in real Chromium against `wrangler dev`: an object made and edited through
 * the form; an asker's first message from the object's page; the card in the asker's open
 * room following the owner's deal live, down to a read-only chat; the owner's inbox by
 * object.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import type { ChatObject, RoomDetails } from "../../src/protocol";
import { sharedBrowser } from "./shared-browser";
import { callAs, sendOverHttp, signedInPage, signUp, type TestUser } from "./users";

const appUrl = inject("appUrl");
const chromium = sharedBrowser();

const card = (page: Page) => page.getByRole("region", { name: "Object" });
const log = (page: Page) => page.getByRole("log");
const composer = (page: Page) => page.getByRole("textbox", { name: "Message" });

function createObject(owner: TestUser, body: Record<string, unknown>): Promise<ChatObject> {
  return callAs<ChatObject>(appUrl, owner, "POST", "/api/objects", body);
}

function ask(asker: TestUser, objectId: string): Promise<RoomDetails> {
  return callAs<RoomDetails>(appUrl, asker, "POST", `/api/objects/${objectId}/chats`);
}

describe("an object made through the form", () => {
  it("is created with a price, listed in My objects, and edited", async () => {
    const olivia = await signUp(appUrl, "Olivia");
    const o = await signedInPage(chromium.browser, appUrl, olivia);
    await o.page.getByRole("link", { name: "My objects" }).click();
    await o.page.getByText("You have no objects yet.").waitFor();
    await o.page.getByRole("link", { name: "New object" }).click();
    await o.page.getByLabel("Title").fill("Desk lamp");
    await o.page.getByLabel("Description").fill("Warm light.\nWorks.");
    await o.page.getByLabel("Price").fill("12.5");
    await o.page.getByLabel("Currency").selectOption("USD");
    await o.page.getByRole("button", { name: "Create" }).click();
    await o.page.getByRole("heading", { name: "Desk lamp" }).waitFor();
    await o.page.getByText("$12.50").waitFor();
    await o.page.getByText("This is yours.").waitFor();

    await o.page.getByRole("link", { name: "Edit" }).click();
    await expect.poll(() => o.page.getByLabel("Price").inputValue()).toBe("12.50");
    await o.page.getByLabel("Price").fill("10");
    await o.page.getByLabel("Status").selectOption("closed");
    await o.page.getByRole("button", { name: "Save" }).click();
    await o.page.getByText("$10.00").waitFor();
    await o.page.getByText("Closed").waitFor();

    await o.page.getByRole("link", { name: "Back" }).click();
    const row = o.page.getByRole("link", { name: /Desk lamp/ });
    await row.getByText("Closed").waitFor();
    await row.getByText("$10.00").waitFor();
    const [saved] = (await callAs<{ objects: ChatObject[] }>(appUrl, olivia, "GET", "/api/objects"))
      .objects;
    expect(saved).toMatchObject({
      title: "Desk lamp",
      description: "Warm light.\nWorks.",
      price: { amount: 1000, currency: "USD" },
      status: "closed",
    });
    await o.context.close();
  });
});

describe("an asker's open room", () => {
  it("follows the owner's deal live: reserved for them, sold to them, then read-only once closed", async () => {
    const olivia = await signUp(appUrl, "Olivia");
    const anna = await signUp(appUrl, "Anna");
    const bike = await createObject(olivia, {
      title: "Road bike",
      price: { amount: 350_000, currency: "KRW" },
    });

    // Anna follows a listing's link (the hash form) and taps a default quick question.
    const a = await signedInPage(chromium.browser, appUrl, anna);
    await a.page.goto(`${appUrl}/#/objects/${bike.id}`);
    await a.page.getByRole("heading", { name: "Road bike" }).waitFor();
    await a.page.getByRole("button", { name: "Is this still available?" }).click();
    await log(a.page).getByText("Is this still available?").waitFor();
    await card(a.page).getByText("Available", { exact: true }).waitFor();
    await card(a.page).getByText("₩350,000").waitFor();

    // Olivia opens the chat from her inbox and reserves the bike for Anna.
    const o = await signedInPage(chromium.browser, appUrl, olivia);
    const row = o.page.getByRole("link", { name: /Road bike/ });
    await row.getByText("Available", { exact: true }).waitFor();
    await row.click();
    await log(o.page).getByText("Is this still available?").waitFor();
    await card(o.page).getByRole("button", { name: "Reserve for Anna" }).click();
    await card(o.page).getByText("Reserved", { exact: true }).waitFor();

    // Anna's open room: the card and the chat's own message, without a reload.
    await card(a.page).getByText("Reserved", { exact: true }).waitFor();
    await log(a.page).getByText("Reserved for you").waitFor();
    await log(o.page).getByText("Reserved for Anna").waitFor();
    expect(await composer(a.page).isEnabled()).toBe(true);

    // Sold to her: her chat, the buyer's, still takes messages.
    await card(o.page).getByRole("button", { name: "Sold to Anna" }).click();
    await card(a.page).getByText("Sold", { exact: true }).waitFor();
    await log(a.page).getByText("Sold", { exact: true }).waitFor();
    expect(await composer(a.page).isEnabled()).toBe(true);

    // Closed: no one writes in its chats any more; the composer says why.
    await callAs(appUrl, olivia, "PATCH", `/api/objects/${bike.id}`, { status: "closed" });
    await a.page.getByText("This chat is read-only: the object is closed.").waitFor();
    await card(a.page).getByText("Closed", { exact: true }).waitFor();
    expect(await composer(a.page).isDisabled()).toBe(true);
    expect(await a.page.getByRole("button", { name: "Send" }).isDisabled()).toBe(true);
    await Promise.all([a.context.close(), o.context.close()]);
  });
});

describe("the owner's inbox by object", () => {
  it("groups the chats by object with their counts, and opens one object's chats", async () => {
    const olivia = await signUp(appUrl, "Olivia");
    const anna = await signUp(appUrl, "Anna");
    const ben = await signUp(appUrl, "Ben");
    const lamp = await createObject(olivia, { title: "Lamp" });
    const chair = await createObject(olivia, { title: "Chair" });
    const annaLamp = await ask(anna, lamp.id);
    const benChair = await ask(ben, chair.id);
    const benLamp = await ask(ben, lamp.id);
    await sendOverHttp(appUrl, ben, benChair.id, "Is the chair sturdy?");
    await sendOverHttp(appUrl, anna, annaLamp.id, "Lamp still there?");
    await sendOverHttp(appUrl, ben, benLamp.id, "How bright is it?");
    await sendOverHttp(appUrl, ben, benLamp.id, "And the cable?");

    const o = await signedInPage(chromium.browser, appUrl, olivia);
    // The inbox's own rows: the object's status and whom each chat is with.
    await o.page
      .getByRole("link", { name: /Lamp · Ben/ })
      .getByText("Available", { exact: true })
      .waitFor();
    await o.page.getByRole("link", { name: "By object" }).click();
    await o.page.getByRole("heading", { name: "By object" }).waitFor();
    const groups = o.page.locator("ul.rooms > li");
    await expect.poll(() => groups.count()).toBe(2);
    const lampGroup = o.page.getByRole("link", { name: /^Lamp/ });
    await lampGroup.getByText("2 chats").waitFor();
    await lampGroup.getByText("3 unread messages").waitFor();
    const chairGroup = o.page.getByRole("link", { name: /^Chair/ });
    await chairGroup.getByText("1 chat", { exact: true }).waitFor();
    await chairGroup.getByText("1 unread message", { exact: true }).waitFor();
    expect(await groups.first().textContent()).toMatch(/^L/); // newest first

    // The object's chats come from the inbox of that object alone (the inbox held here has
    // them too, so the answer is checked on the wire).
    const listed = o.page.waitForResponse((r) => r.url().includes(`/api/rooms?object=${lamp.id}`));
    await lampGroup.click();
    const answer = await listed;
    expect(answer.status()).toBe(200);
    const page = (await answer.json()) as { rooms: { id: string }[] };
    expect(page.rooms.map((r) => r.id).sort()).toEqual([annaLamp.id, benLamp.id].sort());
    await o.page.getByRole("heading", { name: "Lamp" }).waitFor();
    const chats = o.page.locator("ul.rooms > li");
    await expect.poll(() => chats.count()).toBe(2);
    await o.page
      .getByRole("link", { name: /Lamp · Ben/ })
      .getByText("And the cable?")
      .waitFor();
    const annaRow = o.page.getByRole("link", { name: /Lamp · Anna/ });
    await annaRow.getByText("Lamp still there?").waitFor();
    expect(await o.page.getByText("Is the chair sturdy?").count()).toBe(0);
    await annaRow.click();
    await log(o.page).getByText("Lamp still there?").waitFor();
    await card(o.page).getByRole("button", { name: "Reserve for Anna" }).waitFor();
    await o.context.close();
  });
});
