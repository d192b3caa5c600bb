/**
 * The composer in real Chromium against `wrangler dev`, on a phone-sized and a laptop-sized
 * window: it grows with its lines up to a limit and then scrolls; Enter sends and
 * Shift+Enter breaks the line; what is written stays as the room's draft while the user is
 * in other rooms and across a reload (the inbox row says so), and goes once it is sent.
 */
import { describe, expect, inject, it } from "vitest";
import { sharedBrowser } from "./shared-browser";
import { composer, LAPTOP, log, PHONE } from "./timeline";
import { createRoom, signedInPage, signUp } from "./users";

const appUrl = inject("appUrl");
const chromium = sharedBrowser();

describe.each([
  ["phone", PHONE],
  ["laptop", LAPTOP],
] as const)("the composer, %s-sized", (_, viewport) => {
  it("grows with its lines up to a limit, then scrolls; Shift+Enter breaks a line, Enter sends", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    const a = await signedInPage(chromium.browser, appUrl, alice, { viewport });
    await a.page.goto(`${appUrl}/rooms/${encodeURIComponent(roomId)}`);
    const field = composer(a.page);
    const size = () =>
      field.evaluate((el) => ({
        height: el.clientHeight,
        scrolls: el.scrollHeight > el.clientHeight,
      }));
    await field.click();
    const one = await size();
    expect(one.scrolls).toBe(false);
    await a.page.keyboard.type("first line");
    await a.page.keyboard.press("Shift+Enter");
    await a.page.keyboard.type("second line");
    await a.page.keyboard.press("Shift+Enter");
    await a.page.keyboard.type("third line");
    expect(await field.inputValue()).toBe("first line\nsecond line\nthird line");
    const three = await size();
    expect(three.height).toBeGreaterThan(one.height);
    expect(three.scrolls).toBe(false);
    // Thirty lines: it stops growing and scrolls.
    await field.fill(Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n"));
    const many = await size();
    expect(many.scrolls).toBe(true);
    expect(many.height).toBeLessThan(viewport.height / 2);
    await field.fill(Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join("\n"));
    expect((await size()).height).toBe(many.height);
    // Enter sends it all, and the field is one line again.
    await field.press("Enter");
    await log(a.page).locator("li.msg .body", { hasText: "line 40" }).waitFor();
    expect(await field.inputValue()).toBe("");
    expect((await size()).height).toBe(one.height);
    await a.context.close();
  });

  it("keeps a draft per room across rooms and a reload, until it is sent", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const direct = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    const group = await createRoom(appUrl, alice, {
      kind: "group",
      title: "Other room",
      memberIds: [bob.id],
    });
    const a = await signedInPage(chromium.browser, appUrl, alice, { viewport });
    const open = async (roomId: string, title: string) => {
      await a.page.goto(`${appUrl}/rooms/${encodeURIComponent(roomId)}`);
      await a.page.getByRole("heading", { name: title }).waitFor();
    };
    await open(direct, "Bob");
    await composer(a.page).fill("half a thought\nand more");
    await open(group, "Other room");
    expect(await composer(a.page).inputValue()).toBe("");
    await composer(a.page).fill("the other draft");
    // In the list, Bob's chat says what waits there.
    await a.page.goto(appUrl);
    await a.page.getByRole("link", { name: /^Bob/ }).getByText("Draft: half a thought").waitFor();
    await open(direct, "Bob");
    expect(await composer(a.page).inputValue()).toBe("half a thought\nand more");
    await a.page.reload();
    await a.page.getByRole("heading", { name: "Bob" }).waitFor();
    await expect.poll(() => composer(a.page).inputValue()).toBe("half a thought\nand more");
    // The field's height fits the restored lines.
    expect(await composer(a.page).evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(
      true,
    );

    // Sent: gone, here and after a reload; the other room's stays.
    await composer(a.page).press("Enter");
    const sent = log(a.page).locator("li.msg .body", { hasText: "half a thought" });
    await sent.waitFor();
    await a.page.reload();
    await a.page.getByRole("heading", { name: "Bob" }).waitFor();
    await sent.waitFor();
    expect(await composer(a.page).inputValue()).toBe("");
    await open(group, "Other room");
    expect(await composer(a.page).inputValue()).toBe("the other draft");
    await a.context.close();
  });
});
