/**
 * Care in the web client: removing a member and handing over ownership ask first, and the
 * member count and forms follow a removal on every screen; errors in the reader's language
 * from their code; the user spoken of in the first person, counts read right; the
 * presence setting shown as it is after a reload.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { sharedBrowser } from "./shared-browser";
import { createRoom, PASSWORD, signedInPage, signUp } from "./users";

const appUrl = inject("appUrl");
const chromium = sharedBrowser();

const log = (page: Page) => page.getByRole("log");
const subtitle = (page: Page) => page.locator(".room-head .subtitle");
const memberRow = (page: Page, name: string) =>
  page.locator("ul.members > li").filter({ hasText: name });

describe("destructive actions", () => {
  it("ask before removing a member or handing over ownership; every screen follows a removal", {
    timeout: 60_000,
  }, async () => {
    const [alice, bob, carol] = await Promise.all([
      signUp(appUrl, "Alice"),
      signUp(appUrl, "Bob"),
      signUp(appUrl, "Carol"),
    ]);
    const roomId = await createRoom(appUrl, alice, {
      kind: "group",
      title: "Crew",
      memberIds: [bob.id, carol.id],
    });
    const room = `${appUrl}/rooms/${encodeURIComponent(roomId)}`;
    const [a, b, c] = await Promise.all([
      signedInPage(chromium.browser, appUrl, alice),
      signedInPage(chromium.browser, appUrl, bob),
      signedInPage(chromium.browser, appUrl, carol),
    ]);
    await b.page.goto(room);
    await c.page.goto(room);
    await subtitle(c.page).getByText("3 members").waitFor();
    await a.page.goto(`${room}/info`);

    // Removing asks; Cancel keeps Carol.
    await memberRow(a.page, "Carol").getByRole("button", { name: "Remove Carol" }).click();
    const asked = a.page.getByRole("dialog", { name: "Remove Carol?" });
    await asked.waitFor();
    await asked.getByRole("button", { name: "Cancel" }).click();
    await asked.waitFor({ state: "detached" });
    await a.page.waitForTimeout(300);
    expect(await memberRow(a.page, "Carol").count()).toBe(1);

    await memberRow(a.page, "Carol").getByRole("button", { name: "Remove Carol" }).click();
    await asked.getByRole("button", { name: "Remove" }).click();
    await expect.poll(() => memberRow(a.page, "Carol").count()).toBe(0);

    // Every screen counts two now: Bob's, and Carol's, who can change nothing any more.
    await log(b.page).getByText("Carol was removed").waitFor();
    await subtitle(b.page).getByText("2 members").waitFor();
    await log(c.page).getByText("You were removed").waitFor();
    await subtitle(c.page).getByText("2 members").waitFor();
    await c.page.goto(`${room}/info`);
    await c.page.getByRole("heading", { name: "Crew" }).waitFor();
    await c.page.getByRole("heading", { name: "Members" }).waitFor();
    expect(await c.page.getByRole("button", { name: "Rename" }).count()).toBe(0);
    expect(await c.page.getByLabel("Name", { exact: true }).count()).toBe(0);
    expect(await c.page.getByRole("button", { name: /Remove|Make/ }).count()).toBe(0);

    // Handing over ownership asks; confirmed, Bob owns the group and Alice is an admin.
    await memberRow(a.page, "Bob").getByRole("button", { name: "Make Bob the owner" }).click();
    const handOver = a.page.getByRole("dialog", { name: "Make Bob the owner?" });
    await handOver.getByRole("button", { name: "Make owner" }).click();
    const role = (name: string) => memberRow(a.page, name).locator(".subtitle").textContent();
    await expect.poll(() => role("Bob")).toMatch(/^\s*Owner\b/);
    await expect.poll(() => role("You")).toMatch(/^\s*Admin\b/);
    await log(b.page).getByText("You are now Owner").waitFor();
    await a.page.goto(room);
    await subtitle(a.page).getByText("2 members").waitFor();
    await log(a.page).getByText("Bob is now Owner").waitFor();
    await Promise.all([a.context.close(), b.context.close(), c.context.close()]);
  });
});

describe("in Korean", () => {
  it("says a refused sign-in from its code, not the server's English", async () => {
    const alice = await signUp(appUrl, "Alice");
    const context = await chromium.browser.newContext({ locale: "ko-KR" });
    const page = await context.newPage();
    await page.goto(appUrl);
    await page.getByLabel("아이디").fill(alice.username);
    await page.getByLabel("비밀번호").fill(`${PASSWORD} but wrong`);
    await page.getByRole("button", { name: "로그인" }).click();
    await page.getByRole("alert").getByText("아이디나 비밀번호가 맞지 않아요.").waitFor();
    await context.close();
  });

  it("names the username that is no user's, and speaks of the user as 나, never '나 님'", async () => {
    const [alice, bob] = await Promise.all([signUp(appUrl, "Alice"), signUp(appUrl, "Bob")]);
    const a = await signedInPage(chromium.browser, appUrl, alice);
    await a.page.getByLabel("Language").selectOption("ko");
    await a.page.getByRole("link", { name: "새 채팅" }).click();
    const unknown = `nobody_${Date.now().toString(36)}`;
    await a.page.getByLabel("그룹 이름").fill("모임");
    await a.page.getByLabel("아이디 (쉼표로 구분)").fill(`${bob.username}, ${unknown}`);
    await a.page.getByRole("button", { name: "그룹 만들기" }).click();
    await a.page.getByRole("alert").getByText(`아이디가 ${unknown}인 사용자가 없어요.`).waitFor();

    await a.page.getByLabel("아이디 (쉼표로 구분)").fill(bob.username);
    await a.page.getByRole("button", { name: "그룹 만들기" }).click();
    await a.page.getByRole("heading", { name: "모임" }).waitFor();
    await log(a.page).getByText("내가 채팅방을 만들었어요").waitFor();
    await subtitle(a.page).getByText("참여자 2명").waitFor();
    expect(await a.page.getByText("나 님").count()).toBe(0);
    await a.context.close();
  });
});

describe("in English", () => {
  it("counts one as one: a group of one has 1 member", async () => {
    const alice = await signUp(appUrl, "Alice");
    const roomId = await createRoom(appUrl, alice, { kind: "group", title: "Solo", memberIds: [] });
    const a = await signedInPage(chromium.browser, appUrl, alice);
    await a.page.goto(`${appUrl}/rooms/${encodeURIComponent(roomId)}`);
    await subtitle(a.page).getByText("1 member", { exact: true }).waitFor();
    await log(a.page).getByText("You created the chat").waitFor();
    await a.context.close();
  });
});

describe("the profile", () => {
  it("shows 'Hide when I'm online' as set, after a reload", async () => {
    const alice = await signUp(appUrl, "Alice");
    const a = await signedInPage(chromium.browser, appUrl, alice);
    await a.page.getByRole("link", { name: "Profile" }).click();
    const hide = a.page.getByRole("checkbox", { name: "Hide when I'm online" });
    expect(await hide.isChecked()).toBe(false);
    await hide.check();
    await expect.poll(() => hide.isChecked()).toBe(true);
    await a.page.waitForTimeout(300); // the answer came
    await a.page.reload();
    await expect.poll(() => hide.isChecked()).toBe(true);
    await hide.uncheck();
    await a.page.reload();
    await a.page.waitForTimeout(500);
    expect(await hide.isChecked()).toBe(false);
    await a.context.close();
  });

  it("keeps a setting as clicked while its answer, or the settings' first load, is on the way; puts it back if refused", async () => {
    const alice = await signUp(appUrl, "Alice");
    const a = await signedInPage(chromium.browser, appUrl, alice);
    const hold = () => {
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      return { held, release };
    };
    const load = hold();
    let answer = hold();
    let refuse = false;
    await a.context.route(
      (url) => url.pathname === "/api/me/notifications",
      async (route) => {
        if (route.request().method() !== "GET") return route.continue();
        const response = await route.fetch(); // read now, before the change below
        await load.held;
        return route.fulfill({ response });
      },
    );
    await a.context.route(
      (url) => url.pathname === "/api/me/presence",
      async (route) => {
        if (route.request().method() !== "PUT") return route.continue();
        await answer.held;
        if (!refuse) return route.continue();
        return route.fulfill({
          status: 429,
          headers: { "content-type": "application/json", "retry-after": "1" },
          body: JSON.stringify({ error: { code: "rate_limited", message: "slow down" } }),
        });
      },
    );
    await a.page.getByRole("link", { name: "Profile" }).click();
    const hide = a.page.getByRole("checkbox", { name: "Hide when I'm online" });
    const dnd = a.page.getByRole("checkbox", { name: "Do not disturb for an hour" });
    const previews = a.page.getByRole("checkbox", { name: "Show message text in notifications" });
    // Not loaded yet: do not disturb cannot be clicked. Previews, known from the session, can.
    expect(await dnd.isDisabled()).toBe(true);
    const changed = a.page.waitForResponse(
      (r) => r.url().endsWith("/api/me/notifications") && r.request().method() === "PUT",
    );
    await previews.uncheck();
    await changed;
    load.release(); // the load, read before the change and answered after, does not undo it
    await dnd.waitFor({ state: "visible" });
    await expect.poll(() => dnd.isEnabled()).toBe(true);
    await a.page.waitForTimeout(300);
    expect(await previews.isChecked()).toBe(false);

    await hide.check();
    await previews.check(); // the page renders again before the presence answer comes
    await a.page.waitForTimeout(300);
    expect(await hide.isChecked()).toBe(true);
    answer.release();
    await a.page.waitForTimeout(300);
    expect(await hide.isChecked()).toBe(true);
    // Refused: the box goes back.
    refuse = true;
    answer = hold();
    await hide.uncheck();
    answer.release();
    await a.page.getByRole("alert").waitFor();
    expect(await hide.isChecked()).toBe(true);
    await a.context.close();
  });
});
