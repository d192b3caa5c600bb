/**
 * The app's service worker in real Chromium: pushes delivered through DevTools as the
 * browser would after decrypting them, the notifications the worker shows recorded in the
 * worker (see worker.ts for why), clicks dispatched in the worker; and the app shell it
 * keeps, which opens the app with its cached chats on a reload with no network.
 */
import type { Page, Worker } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { type PushPayload, pushTag, roomPath } from "../../src/protocol";
import { sharedBrowser } from "./shared-browser";
import { toChats } from "./timeline";
import { createRoom, sendOverHttp, signedInPage, signUp } from "./users";
import { appWorker, badge, click, opened, PushDriver, recordNotifications, shown } from "./worker";

const appUrl = inject("appUrl");
const chromium = sharedBrowser();

function payload(roomId: string, over: Partial<PushPayload> = {}): PushPayload {
  return {
    v: 1,
    roomId,
    seq: 1,
    title: "Alice",
    body: "are we still on?",
    tag: pushTag(roomId),
    url: roomPath(roomId),
    unread: 1,
    badge: 1,
    close: [],
    at: Date.now(),
    ...over,
  };
}

/** A page of the app controlled by its worker, with notifications recorded and pushes at hand. */
async function withWorker(page: Page): Promise<{ worker: Worker; pushes: PushDriver }> {
  const worker = await appWorker(page);
  await recordNotifications(worker);
  return { worker, pushes: await PushDriver.attach(page.context(), page) };
}

describe("a push", () => {
  it("shows the room's notice, replaces it with the room's next, closes rooms read elsewhere, and sets the badge", async () => {
    const context = await chromium.browser.newContext();
    const page = await context.newPage();
    await page.goto(appUrl);
    const { worker, pushes } = await withWorker(page);

    await pushes.push(payload("dm:a:b", { badge: 1 }));
    await expect
      .poll(() => shown(worker))
      .toEqual([
        {
          title: "Alice",
          body: "are we still on?",
          tag: "room:dm:a:b",
          data: { url: "/rooms/dm%3Aa%3Ab", roomId: "dm:a:b", seq: 1 },
        },
      ]);
    expect(await badge(worker)).toBe(1);

    // The room's next message replaces its notice: one per room.
    await pushes.push(payload("dm:a:b", { seq: 2, body: "2 new messages", unread: 2, badge: 2 }));
    await expect
      .poll(async () => (await shown(worker)).map((n) => [n.tag, n.body]))
      .toEqual([["room:dm:a:b", "2 new messages"]]);

    // Another room's push closes the first, read since on another device.
    await pushes.push(
      payload("grp:team", { title: "Team", body: "Bob: hi", close: ["dm:a:b"], badge: 1 }),
    );
    await expect
      .poll(async () => (await shown(worker)).map((n) => [n.title, n.tag]))
      .toEqual([["Team", "room:grp:team"]]);
    expect(await badge(worker)).toBe(1);
    await context.close();
  });

  it("shows a plain notice that opens the app for a payload it cannot read", async () => {
    const context = await chromium.browser.newContext();
    const page = await context.newPage();
    await page.goto(appUrl);
    const { worker, pushes } = await withWorker(page);
    const plain = {
      title: "Edge Chat",
      body: "New messages",
      tag: "notice",
      data: { url: "/", roomId: null, seq: null },
    };

    await pushes.push("not json at all");
    await expect.poll(() => shown(worker)).toEqual([plain]);
    await worker.evaluate(async () => {
      const scope = self as unknown as {
        registration: { getNotifications(): Promise<{ close(): void }[]> };
      };
      for (const n of await scope.registration.getNotifications()) n.close();
    });
    // A version this worker does not know, and a link to another origin, are not shown as sent.
    await pushes.push(payload("dm:a:b", { v: 2 as 1 }));
    await expect.poll(() => shown(worker)).toEqual([plain]);
    await pushes.push(payload("dm:a:b", { url: "//evil.example/" }));
    await expect.poll(async () => (await shown(worker)).map((n) => n.title)).toEqual(["Edge Chat"]);
    await context.close();
  });

  it("shows nothing for the room a focused window is showing", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    const b = await signedInPage(chromium.browser, appUrl, bob);
    const { worker, pushes } = await withWorker(b.page);
    await b.page.goto(`${appUrl}${roomPath(roomId)}`);
    await b.page.getByRole("heading", { name: "Alice" }).waitFor();

    await pushes.push(payload(roomId, { badge: 4 }));
    await expect.poll(() => badge(worker)).toBe(4);
    await pushes.push(payload("grp:elsewhere", { title: "Elsewhere" }));
    await expect.poll(async () => (await shown(worker)).map((n) => n.title)).toEqual(["Elsewhere"]);
    await b.context.close();
  });
});

describe("clicking a notification", () => {
  it("closes it and shows its room in the app's open window, or opens one at the room", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    const b = await signedInPage(chromium.browser, appUrl, bob);
    const { worker, pushes } = await withWorker(b.page);

    await pushes.push(payload(roomId));
    await expect.poll(async () => (await shown(worker)).length).toBe(1);
    await click(worker, pushTag(roomId));
    await b.page.getByRole("heading", { name: "Alice" }).waitFor();
    expect(new URL(b.page.url()).pathname).toBe(roomPath(roomId));
    expect(await shown(worker)).toEqual([]);
    expect(await opened(worker)).toEqual([]);

    // No window of the app: a new one opens at the room.
    await pushes.push(payload(roomId, { seq: 2 }));
    await expect.poll(async () => (await shown(worker)).length).toBe(1);
    await b.page.goto("about:blank");
    await click(worker, pushTag(roomId));
    await expect.poll(() => opened(worker)).toEqual([roomPath(roomId)]);
    expect(await shown(worker)).toEqual([]);
    await b.context.close();
  });
});

describe("the app shell", () => {
  it("opens the app with its cached chats on a reload with no network", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    await sendOverHttp(appUrl, alice, roomId, "kept for the train");
    const b = await signedInPage(chromium.browser, appUrl, bob);
    await appWorker(b.page);
    await b.page.getByRole("link", { name: /Alice/ }).click();
    await b.page.getByRole("log").getByText("kept for the train").waitFor();
    await b.page.waitForTimeout(500); // the chat cache's write settles

    // A reload of the room's own address, with no network: the worker answers with the
    // shell, and the app shows the room from its cache.
    await b.context.setOffline(true);
    const reloaded = await b.page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await b.page.getByRole("heading", { name: "Alice" }).waitFor();
    await b.page.getByRole("log").getByText("kept for the train").waitFor();
    expect(
      await b.page.getByRole("status", { name: "Connection" }).getByText("Online").count(),
    ).toBe(0);
    await toChats(b.page);
    await b.page.getByRole("link", { name: /Alice/ }).getByText("kept for the train").waitFor();

    // Back online: the page loads from the network again, and connects.
    await b.context.setOffline(false);
    await b.page.reload();
    await b.page.getByRole("status", { name: "Connection" }).getByText("Online").waitFor();
    await b.context.close();
  });
});
