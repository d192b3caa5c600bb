/**
 * Takes the screenshots in docs/screenshots/ of a phone-sized app with a little history:
 * sign-in (Korean), the inbox, a direct chat with marks and a message still sending, a
 * group with per-message read counts and someone typing, the room's members, a search across
 * chats with its matches marked; and a laptop-sized window with the list beside a chat.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { inject, it } from "vitest";
import { launchChromium } from "./chromium";
import { createRoom, sendOverHttp, signedInPage, signUp } from "./users";

const appUrl = inject("appUrl");
const OUT = join(import.meta.dirname, "../../docs/screenshots");
const PHONE = { viewport: { width: 390, height: 760 }, deviceScaleFactor: 1 };

async function shot(page: Page, name: string) {
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(OUT, `${name}.png`) });
}

it("takes the screenshots", async () => {
  await mkdir(OUT, { recursive: true });
  const browser = await launchChromium();
  try {
    const ko = await browser.newContext({ ...PHONE, locale: "ko-KR" });
    const signIn = await ko.newPage();
    await signIn.goto(appUrl);
    await signIn.getByRole("heading", { name: "로그인" }).waitFor();
    await shot(signIn, "sign-in");

    const minji = await signUp(appUrl, "김민지");
    const jun = await signUp(appUrl, "Jun");
    const sora = await signUp(appUrl, "Sora");
    const direct = await createRoom(appUrl, minji, { kind: "direct", userId: jun.id });
    const group = await createRoom(appUrl, sora, {
      kind: "group",
      title: "주말 자전거 모임",
      memberIds: [minji.id, jun.id],
    });
    await sendOverHttp(appUrl, sora, group, "토요일 아침 9시, 한강 반포지구에서 만나요");
    await sendOverHttp(appUrl, jun, group, "좋아요! 지도 여기: https://example.com/map");
    await sendOverHttp(appUrl, jun, direct, "Are you bringing the spare tube?");

    const me = await signedInPage(browser, appUrl, minji, PHONE);
    const other = await signedInPage(browser, appUrl, jun, PHONE);
    await me.page.getByRole("link", { name: /^Jun/ }).waitFor();
    await shot(me.page, "inbox");

    await other.page.goto(`${appUrl}/rooms/${direct}`);
    await me.page.goto(`${appUrl}/rooms/${direct}`);
    const composer = me.page.getByRole("textbox", { name: "Message" });
    await composer.fill("Yes, and a pump. See you at 9!");
    await composer.press("Enter");
    await me.page.getByText("Read").waitFor();
    await other.page.getByRole("textbox", { name: "Message" }).pressSequentially("Great", {
      delay: 30,
    });
    await me.page.getByText("Jun is typing…").waitFor();
    await shot(me.page, "direct-chat");

    await me.page.goto(`${appUrl}/rooms/${group}`);
    await composer.fill("저도 갈게요. 간식 챙길게요!");
    await composer.press("Enter");
    await me.page.locator("li.msg .mark", { hasText: "2" }).waitFor();
    await shot(me.page, "group-chat");

    await me.page.goto(`${appUrl}/rooms/${group}/info`);
    await me.page.getByRole("heading", { name: "Members" }).waitFor();
    await shot(me.page, "room-info");

    // Search reads the archive, which each room fills about a second after a message.
    const hits = me.page.getByRole("list", { name: "Results" }).getByRole("link");
    for (let tries = 0; (await hits.count()) < 2 && tries < 20; tries++) {
      await me.page.goto(`${appUrl}/search?q=${encodeURIComponent("9")}`);
      await me.page.locator(".search-status").waitFor({ state: "attached" });
      await me.page.waitForTimeout(500);
    }
    await shot(me.page, "search");

    const wide = await signedInPage(browser, appUrl, minji, {
      viewport: { width: 1100, height: 620 },
      deviceScaleFactor: 1,
    });
    await wide.page.goto(`${appUrl}/rooms/${group}`);
    await wide.page.getByRole("log").getByText("저도 갈게요. 간식 챙길게요!").waitFor();
    await shot(wide.page, "two-panes");
  } finally {
    await browser.close();
  }
});
