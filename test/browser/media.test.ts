/**
 * Photos and files in real Chromium against `wrangler dev`: a photo pasted into a chat
 * reaches the other member's open room, its thumbnail first and then the image, and opens
 * in the viewer; a PDF dropped on the room arrives as a file row whose link downloads its
 * bytes; an upload cancelled half-way sends nothing; a photo sent offline goes out once the
 * network is back, each file uploaded once.
 */
import type { BrowserContext, Page, Request, Route } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import type { ChatMessage } from "../../src/protocol";
import { sharedBrowser } from "./shared-browser";
import { toChats } from "./timeline";
import { callAs, createRoom, signedInPage, signUp, type TestUser } from "./users";

const appUrl = inject("appUrl");
const chromium = sharedBrowser();
/** Polls for up to 20 s: work in the page (resizing, uploads) on a busy machine. */
/** Work in the page (resizing, uploads) on a machine busy with other tests: up to 20 s. */
const BUSY = { timeout: 20_000 };
const eventually = <T>(value: () => T | Promise<T>) => expect.poll(value, BUSY);

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

/** Records the Content-Security-Policy violations of a context's pages. */
function recordViolations(context: BrowserContext) {
  return context.addInitScript(() => {
    const seen: string[] = [];
    (globalThis as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener("securitypolicyviolation", (event) => {
      seen.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
}
const violations = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { __csp: string[] }).__csp);

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
    // Under the app's CSP (img-src 'self'): local previews are canvases, photos file links.
    const a = await signedInPage(chromium.browser, appUrl, alice, {}, recordViolations);
    const b = await signedInPage(chromium.browser, appUrl, bob, {}, recordViolations);
    const files = await holdFiles(b.page);
    await b.page.goto(`${appUrl}/rooms/${roomId}`);
    await b.page.getByRole("heading", { name: "Alice" }).waitFor(BUSY);
    await a.page.goto(`${appUrl}/rooms/${roomId}`);
    await a.page.getByRole("heading", { name: "Bob" }).waitFor(BUSY);

    await pastePhoto(a.page, "sunset.jpg");
    await a.page.getByRole("button", { name: "Remove sunset.jpg" }).waitFor(BUSY);
    await eventually(() => a.page.getByRole("button", { name: "Send" }).isEnabled()).toBe(true);
    await composer(a.page).press("Enter");

    // Bob's room: the photo's box is laid out at once, its thumbnail shown first.
    const cell = log(b.page).getByRole("button", { name: "Open photo 1 of 1" });
    await cell.waitFor(BUSY);
    const sent = await newestMessage(bob, roomId);
    expect(sent).toMatchObject({ kind: "attachment", body: "", senderId: alice.id });
    const [photo] = sent.attachments ?? [];
    expect(photo).toMatchObject({ type: "image/jpeg", width: 1200, height: 800 });
    expect(photo?.thumbId).toBeTruthy();
    const box = await cell.boundingBox();
    expect((box?.width ?? 0) / (box?.height ?? 1)).toBeCloseTo(1.5, 1);
    files.release(photo?.thumbId ?? "");
    const img = cell.locator("img");
    await eventually(() => img.getAttribute("src")).toContain(`/api/media/${photo?.thumbId}/file`);
    expect(await img.getAttribute("data-shows")).toBe("thumbnail");
    files.release(photo?.id ?? "");
    await eventually(() => img.getAttribute("src")).toContain(`/api/media/${photo?.id}/file`);
    await eventually(() => img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(1200);
    expect(await img.getAttribute("data-shows")).toBe("image");

    // The viewer: the full image, closed by Esc, the focus back on the photo.
    await cell.click();
    const viewer = b.page.getByRole("dialog", { name: "Photo" });
    await viewer.waitFor(BUSY);
    await eventually(() =>
      viewer.getByRole("img", { name: "sunset.jpg" }).getAttribute("src"),
    ).toContain(`/api/media/${photo?.id}/file`);
    await b.page.keyboard.press("Escape");
    await eventually(() => viewer.count()).toBe(0);
    await eventually(() =>
      b.page.evaluate(() => document.activeElement?.getAttribute("aria-label")),
    ).toBe("Open photo 1 of 1");
    // Alice's own copy shows too, and nothing was blocked on either side.
    await log(a.page).getByRole("button", { name: "Open photo 1 of 1" }).waitFor(BUSY);
    expect([...(await violations(a.page)), ...(await violations(b.page))]).toEqual([]);
    await Promise.all([a.context.close(), b.context.close()]);
  });
});

/** Alice signed in on a page, and her direct room with Bob (not opened yet). */
async function aliceWithBob() {
  const alice = await signUp(appUrl, "Alice");
  const bob = await signUp(appUrl, "Bob");
  const roomId = await createRoom(appUrl, alice, { kind: "direct", userId: bob.id });
  return { bob, roomId, a: await signedInPage(chromium.browser, appUrl, alice) };
}

/** A PDF of `size` bytes: the magic the server looks for, then filler. */
function pdfBytes(size: number): Buffer {
  const head = Buffer.from("%PDF-1.4\n% edge-chat test\n");
  const body = Buffer.alloc(size - head.length, "x");
  for (let i = 0; i < body.length; i++) body[i] = 32 + (i % 90);
  return Buffer.concat([head, body]);
}

describe("a dropped PDF", () => {
  it("arrives as a file row with its name and size, whose link downloads its bytes", async () => {
    const alice = await signUp(appUrl, "Alice");
    const bob = await signUp(appUrl, "Bob");
    const roomId = await createRoom(appUrl, alice, {
      kind: "group",
      title: "Plans",
      memberIds: [bob.id],
    });
    const a = await signedInPage(chromium.browser, appUrl, alice);
    const b = await signedInPage(chromium.browser, appUrl, bob);
    await a.page.goto(`${appUrl}/rooms/${encodeURIComponent(roomId)}`);
    await b.page.goto(`${appUrl}/rooms/${encodeURIComponent(roomId)}`);
    await b.page.getByRole("heading", { name: "Plans" }).waitFor(BUSY);

    const bytes = pdfBytes(3_000);
    const data = await a.page.evaluateHandle((content) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], "plan 2026.pdf", { type: "application/pdf" }));
      return transfer;
    }, bytes.toString("latin1"));
    await log(a.page).dispatchEvent("dragover", { dataTransfer: data });
    await log(a.page).dispatchEvent("drop", { dataTransfer: data });
    await a.page.getByRole("button", { name: "Remove plan 2026.pdf" }).waitFor(BUSY);
    await composer(a.page).fill("the plan");
    await composer(a.page).press("Enter");

    const row = log(b.page).getByRole("link", { name: /plan 2026\.pdf/ });
    await row.waitFor(BUSY);
    expect(await row.textContent()).toMatch(/plan 2026\.pdf\s*2\.9 kB/);
    expect(await row.getAttribute("download")).toBe("plan 2026.pdf");
    await log(b.page).getByText("the plan").waitFor(BUSY);
    const href = (await row.getAttribute("href")) ?? "";
    const fetched = await b.page.evaluate(async (url) => {
      const response = await fetch(url);
      return {
        type: response.headers.get("Content-Type"),
        disposition: response.headers.get("Content-Disposition"),
        bytes: [...new Uint8Array(await response.arrayBuffer())],
      };
    }, href);
    expect(fetched.type).toBe("application/pdf");
    expect(fetched.disposition).toMatch(/^attachment/);
    expect(Buffer.from(fetched.bytes).equals(bytes)).toBe(true);
    // The inbox says what it is.
    await toChats(b.page);
    await b.page.getByRole("link", { name: /Plans/ }).getByText("📎 the plan").waitFor(BUSY);
    await Promise.all([a.context.close(), b.context.close()]);
  });

  it("goes as a download when it is no photo, PDF or document: text, or any other file", async () => {
    const { roomId, a } = await aliceWithBob();
    await a.page.goto(`${appUrl}/rooms/${roomId}`);
    const chooser = a.page.waitForEvent("filechooser");
    await a.page.getByRole("button", { name: "Attach photos or files" }).click();
    await (await chooser).setFiles([
      { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("just text, 한글도") },
      { name: "track.mid", mimeType: "audio/midi", buffer: Buffer.from([0x4d, 0x54, 0x68, 0x64]) },
    ]);
    await a.page.getByRole("button", { name: "Remove track.mid" }).waitFor(BUSY);
    await composer(a.page).press("Enter");
    const expected: [RegExp, string][] = [
      [/notes\.txt/, "text/plain; charset=utf-8"],
      [/track\.mid/, "application/octet-stream"],
    ];
    for (const [name, type] of expected) {
      const row = log(a.page).getByRole("link", { name });
      await row.waitFor(BUSY);
      const href = (await row.getAttribute("href")) ?? "";
      const served = await a.page.evaluate(async (url) => {
        const response = await fetch(url);
        return [response.headers.get("Content-Type"), response.headers.get("Content-Disposition")];
      }, href);
      expect(served[0]).toBe(type);
      expect(served[1]).toMatch(/^attachment/);
    }
    await a.context.close();
  });
});

describe("an upload cancelled half-way", () => {
  it("stops, and nothing is sent", async () => {
    const { bob, roomId, a } = await aliceWithBob();
    await a.page.goto(`${appUrl}/rooms/${roomId}`);
    await a.page.getByRole("heading", { name: "Bob" }).waitFor(BUSY);
    // A slow uplink: 2 MB take about 20 s.
    const cdp = await a.context.newCDPSession(a.page);
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 100 * 1024,
    });
    const chooser = a.page.waitForEvent("filechooser");
    await a.page.getByRole("button", { name: "Attach photos or files" }).click();
    await (await chooser).setFiles({
      name: "big.pdf",
      mimeType: "application/pdf",
      buffer: pdfBytes(2_000_000),
    });
    await a.page.getByRole("button", { name: "Remove big.pdf" }).waitFor(BUSY);
    await composer(a.page).press("Enter");
    const progress = log(a.page).getByRole("progressbar", { name: "big.pdf: uploading" });
    await eventually(() =>
      progress.evaluate((el: HTMLProgressElement) => el.value),
    ).toBeGreaterThan(0);
    await log(a.page).getByRole("button", { name: "Cancel big.pdf" }).click();
    await eventually(() => log(a.page).locator("li.outgoing").count()).toBe(0);
    await a.page.waitForTimeout(1_000);
    const { messages } = await callAs<{ messages: ChatMessage[] }>(
      appUrl,
      bob,
      "GET",
      `/api/rooms/${roomId}/messages`,
    );
    expect(messages.filter((m) => m.kind === "attachment")).toEqual([]);
    // Nothing waits to go out after a reload either.
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await a.page.reload();
    await a.page.getByRole("heading", { name: "Bob" }).waitFor(BUSY);
    await a.page.waitForTimeout(500);
    expect(await log(a.page).locator("li.outgoing").count()).toBe(0);
    await a.context.close();
  });
});

describe("a photo sent offline", () => {
  it("waits with its message, survives a reload, and goes out once: each file uploaded once", async () => {
    const { bob, roomId, a } = await aliceWithBob();
    const uploads = countUploads(a.page);
    await a.page.goto(`${appUrl}/rooms/${roomId}`);
    await a.page.getByRole("heading", { name: "Bob" }).waitFor(BUSY);
    await a.context.setOffline(true);
    await pastePhoto(a.page, "tunnel.jpg", 640, 480);
    await a.page.getByRole("button", { name: "Remove tunnel.jpg" }).waitFor(BUSY);
    await composer(a.page).fill("from the tunnel");
    await composer(a.page).press("Enter");
    await log(a.page).locator("li.outgoing", { hasText: "from the tunnel" }).waitFor(BUSY);
    await a.page.waitForTimeout(1_000);
    expect(uploads()).toBe(0);

    // A reload with no network: the app and the message come back from this browser.
    await a.page.reload();
    await a.page.getByRole("heading", { name: "Bob" }).waitFor(BUSY);
    const waiting = log(a.page).locator("li.outgoing", { hasText: "from the tunnel" });
    await waiting.waitFor(BUSY);
    expect(await waiting.getByRole("img", { name: "tunnel.jpg" }).count()).toBe(1);

    await a.context.setOffline(false);
    await eventually(() => log(a.page).locator("li.outgoing").count()).toBe(0);
    const mine = log(a.page).locator("li.msg", { hasText: "from the tunnel" });
    await mine.getByRole("button", { name: "Open photo 1 of 1" }).waitFor(BUSY);
    // Reconnecting again sends nothing more.
    await a.page.reload();
    await a.page.getByRole("heading", { name: "Bob" }).waitFor(BUSY);
    await a.page.waitForTimeout(1_000);
    expect(uploads()).toBe(2); // the thumbnail and the photo
    const { messages } = await callAs<{ messages: ChatMessage[] }>(
      appUrl,
      bob,
      "GET",
      `/api/rooms/${roomId}/messages`,
    );
    const sent = messages.filter((m) => m.kind === "attachment");
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      body: "from the tunnel",
      attachments: [{ name: "tunnel.jpg" }],
    });
    await a.context.close();
  });
});

describe("send pressed while a photo is still being made ready", () => {
  it("sends it, with the caption, once it is ready", async () => {
    const { bob, roomId, a } = await aliceWithBob();
    await a.page.goto(`${appUrl}/rooms/${roomId}`);
    await a.page.getByRole("heading", { name: "Bob" }).waitFor(BUSY);
    await composer(a.page).fill("big one");
    await pastePhoto(a.page, "huge.jpg", 6000, 4000);
    await a.page.getByText("Preparing huge.jpg").waitFor(BUSY);
    await composer(a.page).press("Enter");
    const mine = log(a.page).locator("li.msg", { hasText: "big one" });
    await mine.getByRole("button", { name: "Open photo 1 of 1" }).waitFor(BUSY);
    const { messages } = await callAs<{ messages: ChatMessage[] }>(
      appUrl,
      bob,
      "GET",
      `/api/rooms/${roomId}/messages`,
    );
    expect(messages.filter((m) => m.kind === "attachment").map((m) => m.body)).toEqual(["big one"]);
    await a.context.close();
  });
});
