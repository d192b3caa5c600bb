/**
 * Pictures other than a chat's photos, in real Chromium against `wrangler dev`: an object's
 * photos uploaded and ordered in its form, the first on its card in the asker's room and
 * inbox; a profile picture chosen, cropped square and set, shown in the other member's
 * inbox row and beside their messages, then removed for initials.
 */
import type { Locator, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import type { ChatObject, PublicUser, RoomDetails } from "../../src/protocol";
import { sharedBrowser } from "./shared-browser";
import { callAs, createRoom, sendOverHttp, signedInPage, signUp } from "./users";

const appUrl = inject("appUrl");
const chromium = sharedBrowser();
/** Polls for up to 20 s: work in the page (resizing, uploads) on a busy machine. */
/** Work in the page (resizing, uploads) on a machine busy with other tests: up to 20 s. */
const BUSY = { timeout: 20_000 };
const eventually = <T>(value: () => T | Promise<T>) => expect.poll(value, BUSY);

/** A PNG of `width`×`height` drawn in the page, as bytes for a file chooser. */
async function png(page: Page, width: number, height: number): Promise<Buffer> {
  const bytes = await page.evaluate(
    async ({ width, height }) => {
      const canvas = document.createElement("canvas");
      canvas.width = width;
      canvas.height = height;
      const context = canvas.getContext("2d") as CanvasRenderingContext2D;
      context.fillStyle = "#137333";
      context.fillRect(0, 0, width, height);
      context.fillStyle = "#f9ab00";
      context.fillRect(width / 4, height / 4, width / 2, height / 2);
      const blob = await new Promise<Blob>((resolve) =>
        canvas.toBlob((b) => resolve(b as Blob), "image/png"),
      );
      return [...new Uint8Array(await blob.arrayBuffer())];
    },
    { width, height },
  );
  return Buffer.from(bytes);
}

/** The natural size of an image once it has loaded. */
async function naturalSize(selector: Locator) {
  await eventually(() =>
    selector.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth),
  ).toBeGreaterThan(0);
  return selector.evaluate((el: HTMLImageElement) => [el.naturalWidth, el.naturalHeight]);
}

describe("an object's photos", () => {
  it("are uploaded and ordered in the form; the first shows on its card in the room and the inbox", async () => {
    const olivia = await signUp(appUrl, "Olivia");
    const anna = await signUp(appUrl, "Anna");
    const o = await signedInPage(chromium.browser, appUrl, olivia);
    await o.page.goto(`${appUrl}/objects/new`);
    await o.page.getByLabel("Title").fill("Film camera");
    const chooser = o.page.waitForEvent("filechooser");
    await o.page.getByRole("button", { name: "Add photos" }).click();
    await (await chooser).setFiles([
      { name: "wide.png", mimeType: "image/png", buffer: await png(o.page, 300, 200) },
      { name: "tall.png", mimeType: "image/png", buffer: await png(o.page, 200, 300) },
    ]);
    const photos = o.page.locator(".image-list li");
    await eventually(() => photos.count()).toBe(2);
    await eventually(() => o.page.getByRole("progressbar").count()).toBe(0);
    await o.page.getByRole("button", { name: "Move photo 2 earlier" }).click();
    expect(await photos.locator(".file-name").allTextContents()).toEqual([
      "tall.webp",
      "wide.webp",
    ]);
    await o.page.getByRole("button", { name: "Create" }).click();
    await o.page.getByRole("heading", { name: "Film camera" }).waitFor(BUSY);

    const [created] = (
      await callAs<{ objects: ChatObject[] }>(appUrl, olivia, "GET", "/api/objects")
    ).objects;
    expect(created?.images).toHaveLength(2);
    expect(created?.images[0]).toMatch(/^[0-9a-f-]{36}$/);
    const pagePhoto = o.page.locator("img.photo");
    expect(await pagePhoto.getAttribute("src")).toContain(`/api/media/${created?.images[0]}/file`);
    expect(await naturalSize(pagePhoto)).toEqual([200, 300]); // the tall one first

    // Anna asks about it: her inbox row and her room's card show the first photo.
    const room = await callAs<RoomDetails>(
      appUrl,
      anna,
      "POST",
      `/api/objects/${created?.id}/chats`,
    );
    await sendOverHttp(appUrl, anna, room.id, "Does it work?");
    const a = await signedInPage(chromium.browser, appUrl, anna);
    const row = a.page.getByRole("link", { name: /Film camera/ });
    const rowPhoto = row.locator("img.avatar-photo");
    await rowPhoto.waitFor(BUSY);
    expect(await rowPhoto.getAttribute("src")).toContain(`/api/media/${created?.images[0]}/file`);
    expect(await naturalSize(rowPhoto)).toEqual([200, 300]);
    await row.click();
    const cardPhoto = a.page.getByRole("region", { name: "Object" }).locator("img.thumb");
    await cardPhoto.waitFor(BUSY);
    expect(await cardPhoto.getAttribute("src")).toContain(`/api/media/${created?.images[0]}/file`);
    expect(await cardPhoto.getAttribute("alt")).toBe("Photo of Film camera");
    await Promise.all([o.context.close(), a.context.close()]);
  });
});

describe("a profile picture", () => {
  it("is cropped square, shows in the other member's inbox and beside their messages, and can be removed", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    await sendOverHttp(appUrl, alice, roomId, "look at my new picture");
    const a = await signedInPage(chromium.browser, appUrl, alice);
    await a.page.getByRole("link", { name: "Profile" }).click();
    const chooser = a.page.waitForEvent("filechooser");
    await a.page.getByRole("button", { name: "Choose a picture" }).click();
    await (await chooser).setFiles({
      name: "me.png",
      mimeType: "image/png",
      buffer: await png(a.page, 400, 300),
    });
    const area = a.page.getByRole("img", { name: "Part of the picture to keep" });
    await area.focus();
    await a.page.keyboard.press("ArrowRight"); // the keyboard moves the square
    await a.page.getByRole("button", { name: "Save picture" }).click();
    await eventually(() => area.count()).toBe(0);
    const mine = a.page.locator(".avatar-large img");
    await mine.waitFor(BUSY);
    expect(await naturalSize(mine)).toEqual([300, 300]);
    const me = await callAs<{ avatarId: string | null }>(appUrl, alice, "GET", "/api/me");
    expect(me.avatarId).toMatch(/^[0-9a-f-]{36}$/);

    const b = await signedInPage(chromium.browser, appUrl, bob);
    const row = b.page.getByRole("link", { name: /Alice/ });
    const picture = row.locator("img.avatar-photo");
    await picture.waitFor(BUSY);
    expect(await picture.getAttribute("src")).toContain(`/api/media/${me.avatarId}/file`);
    expect(await naturalSize(picture)).toEqual([300, 300]);
    await row.click();
    const beside = b.page.getByRole("log").locator("li.msg .msg-avatar img");
    await beside.waitFor(BUSY);
    expect(await beside.getAttribute("src")).toContain(`/api/media/${me.avatarId}/file`);

    await a.page.getByRole("button", { name: "Remove picture" }).click();
    await eventually(() => mine.count()).toBe(0);
    expect(await a.page.locator(".avatar-large").textContent()).toBe("A");
    const [after] = (
      await callAs<{ users: PublicUser[] }>(appUrl, bob, "GET", `/api/users?ids=${alice.id}`)
    ).users;
    expect(after?.avatarId).toBeNull();
    await Promise.all([a.context.close(), b.context.close()]);
  });
});
