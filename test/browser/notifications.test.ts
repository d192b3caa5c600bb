/**
 * Telling the user of new messages from the app itself, in real Chromium against
 * `wrangler dev`: the unread count in the tab's title, the banner for another room, closing
 * a room's notification once it is read, and from a hidden tab a notification, only after
 * the user turned them on with a click, with the message's text only while previews are on.
 * The browser's prompt and the tab's visibility are stood in for (prompt.ts), notifications
 * recorded in the worker (worker.ts).
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { pushTag, roomPath } from "../../src/protocol";
import { fakePromptAndVisibility, promptsAsked, setHidden } from "./prompt";
import { sharedBrowser } from "./shared-browser";
import { callAs, createRoom, sendOverHttp, signedInPage, signUp } from "./users";
import { appWorker, PushDriver, recordNotifications, shown } from "./worker";

const appUrl = inject("appUrl");
const chromium = sharedBrowser();

const banner = (page: Page) => page.getByRole("status", { name: "New messages" });

describe("in the app", () => {
  it("counts unread messages in the title, shows a banner away from the inbox, and clears both as they are read", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const direct = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    const team = await createRoom(appUrl, alice, {
      kind: "group",
      title: "Team",
      memberIds: [bob.id],
    });
    const b = await signedInPage(chromium.browser, appUrl, bob);
    const worker = await appWorker(b.page);
    await recordNotifications(worker);
    expect(await b.page.title()).toBe("Edge Chat");
    // Away from the inbox, which would show the messages itself.
    await b.page.getByRole("link", { name: "Profile" }).click();
    await b.page.getByRole("heading", { name: "Profile" }).waitFor();
    const focusKept = await b.page.evaluateHandle(() => {
      const focused = document.activeElement;
      return () => document.activeElement === focused;
    });

    await sendOverHttp(appUrl, alice, direct, "one");
    await sendOverHttp(appUrl, alice, direct, "two");
    await sendOverHttp(appUrl, alice, team, "three");
    await expect.poll(() => b.page.title()).toBe("(3) Edge Chat");
    // The banner tells of the last, without taking the focus, and goes by itself.
    await banner(b.page).getByText("Alice: three").waitFor();
    await banner(b.page).getByText("Team").waitFor();
    expect(await focusKept.evaluate((kept) => kept())).toBe(true);
    await banner(b.page).getByRole("link").waitFor({ state: "detached", timeout: 10_000 });

    // A push's notification of the direct room, shown while the tab was away.
    const pushes = await PushDriver.attach(b.context, b.page);
    await pushes.push({
      v: 1,
      roomId: direct,
      seq: 2,
      title: "Alice",
      body: "2 new messages",
      tag: pushTag(direct),
      url: roomPath(direct),
      unread: 2,
      badge: 3,
      close: [],
      at: Date.now(),
    });
    await expect.poll(async () => (await shown(worker)).length).toBe(1);

    // A banner's click opens its room, which is read then.
    await sendOverHttp(appUrl, alice, team, "four");
    await banner(b.page).getByRole("link", { name: /four/ }).click();
    await b.page.getByRole("heading", { name: "Team" }).waitFor();
    await expect.poll(() => b.page.title()).toBe("(2) Edge Chat");
    expect(await shown(worker)).toHaveLength(1);

    // Reading the direct room clears the title and closes its notification.
    await b.page.goto(`${appUrl}${roomPath(direct)}`);
    await b.page.getByRole("log").getByText("two").waitFor();
    await expect.poll(() => b.page.title()).toBe("Edge Chat");
    await expect.poll(() => shown(worker)).toEqual([]);
    await b.context.close();
  });
});

describe("notifications on this device", () => {
  it("are asked for only on a click, come from a hidden tab, show text only with previews on, and stop when turned off", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const direct = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    const b = await signedInPage(chromium.browser, appUrl, bob, {}, fakePromptAndVisibility);
    const worker = await appWorker(b.page);
    await recordNotifications(worker);
    const status = b.page.getByRole("group", { name: "Notifications on this device" });

    // Nothing asked on load; the profile says off and offers the button.
    expect(await promptsAsked(b.page)).toBe(0);
    expect(await b.page.evaluate(() => Notification.permission)).toBe("default");
    await b.page.getByRole("link", { name: "Profile" }).click();
    await status.getByText("Off.").waitFor();
    expect(await promptsAsked(b.page)).toBe(0);

    // On with a click. Push cannot subscribe in this browser: the tab notifies, and says so.
    await status.getByRole("button", { name: "Turn on notifications" }).click();
    await status.getByText(/On while the app is open in a tab/).waitFor();
    expect(await promptsAsked(b.page)).toBe(1);

    // Previews off, kept by the server and shown so after a reload.
    const previews = b.page.getByRole("checkbox", { name: "Show message text in notifications" });
    await expect.poll(() => previews.isChecked()).toBe(true);
    await previews.uncheck();
    await expect
      .poll(
        async () =>
          (await callAs<{ previews: boolean }>(appUrl, bob, "GET", "/api/me/notifications"))
            .previews,
      )
      .toBe(false);
    await b.page.reload();
    await status.getByText(/On while the app is open in a tab/).waitFor();
    await expect.poll(() => previews.isChecked()).toBe(false);
    await b.page.getByRole("status", { name: "Connection" }).getByText("Online").waitFor();

    // Hidden: a message from Alice is a notification, without its text.
    await setHidden(b.page, true);
    await sendOverHttp(appUrl, alice, direct, "the secret plan");
    await expect
      .poll(() => shown(worker))
      .toMatchObject([
        {
          title: "Alice",
          body: "New message",
          tag: pushTag(direct),
          data: { url: roomPath(direct), roomId: direct },
        },
      ]);
    await sendOverHttp(appUrl, alice, direct, "and more");
    await expect
      .poll(async () => (await shown(worker)).map((n) => n.body))
      .toEqual(["2 new messages"]);

    // Previews on: the text.
    await previews.check();
    await expect.poll(() => previews.isChecked()).toBe(true);
    await expect
      .poll(
        async () =>
          (await callAs<{ previews: boolean }>(appUrl, bob, "GET", "/api/me/notifications"))
            .previews,
      )
      .toBe(true);
    await sendOverHttp(appUrl, alice, direct, "see you at noon");
    await expect
      .poll(async () => (await shown(worker)).map((n) => n.body))
      .toEqual(["see you at noon"]);

    // Off: nothing more, though the message arrives (the title counts it).
    await status.getByRole("button", { name: "Turn off notifications" }).click();
    await status.getByText("Off.").waitFor();
    await sendOverHttp(appUrl, alice, direct, "are you there?");
    await expect.poll(() => b.page.title()).toBe("(4) Edge Chat");
    await b.page.waitForTimeout(300);
    expect((await shown(worker)).map((n) => n.body)).toEqual(["see you at noon"]);
    await b.context.close();
  });
});
