/**
 * Photos against `wrangler dev` (its local R2 and D1, through its HTTP server): an upload
 * with its thumbnail, a message that attaches it, the other member's open room socket
 * getting the message with the files' sizes and thumbnail id first, then the thumbnail
 * and the photo by link, with no bearer; and a stranger's link refused.
 */
import { describe, expect, inject, it } from "vitest";
import type { ApiClient } from "../../src/client";
import type {
  MediaInfo,
  MediaLinks,
  RoomDetails,
  ServerFrame,
  SocketTicket,
} from "../../src/protocol";
import { signedUpUser } from "./users";

const baseUrl = inject("baseUrl");

const token = (api: ApiClient) => api.session?.accessToken ?? "";

/** A PNG's signature and filler: the server decodes no image. */
const png = (size: number) =>
  new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array(size - 8).fill(3)]);

async function upload(
  api: ApiClient,
  bytes: Uint8Array<ArrayBuffer>,
  qs: string,
): Promise<MediaInfo> {
  const response = await fetch(`${baseUrl}/api/media${qs}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token(api)}`, "Content-Type": "image/png" },
    body: bytes,
  });
  expect(response.status).toBe(201);
  return (await response.json()) as MediaInfo;
}

/** The frames a room socket receives, in order. */
async function roomSocket(api: ApiClient, roomId: string) {
  const { ticket } = await api.authed<SocketTicket>("POST", "/api/socket/ticket");
  const url = `${baseUrl.replace(/^http/, "ws")}/api/socket/rooms/${encodeURIComponent(roomId)}?ticket=${ticket}`;
  const ws = new WebSocket(url);
  const frames: ServerFrame[] = [];
  ws.addEventListener("message", (event) => {
    if (typeof event.data === "string" && event.data !== "pong") {
      frames.push(JSON.parse(event.data) as ServerFrame);
    }
  });
  await new Promise((resolve, reject) => {
    ws.addEventListener("open", resolve);
    ws.addEventListener("error", reject);
  });
  return { ws, frames };
}

async function until<T>(find: () => T | undefined, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("photos against wrangler dev", () => {
  it("a photo sent reaches the other member's open room with its thumbnail, fetched by link", async () => {
    const [alice, bob, stranger] = await Promise.all([
      signedUpUser(baseUrl, "p2e"),
      signedUpUser(baseUrl, "p2e"),
      signedUpUser(baseUrl, "p2e"),
    ]);
    const room = await alice.authed<RoomDetails>("POST", "/api/rooms", {
      kind: "direct",
      userId: bob.session?.user.id,
    });
    const open = await roomSocket(bob, room.id);
    const thumbBytes = png(300);
    const photoBytes = png(50_000);
    const thumb = await upload(alice, thumbBytes, "");
    const photo = await upload(
      alice,
      photoBytes,
      `?name=sea.png&width=2048&height=1536&thumb=${thumb.id}`,
    );
    await alice.authed("POST", `/api/rooms/${encodeURIComponent(room.id)}/messages`, {
      clientMsgId: crypto.randomUUID(),
      attachments: [photo.id],
    });

    const live = await until(() =>
      open.frames.find((f) => f.type === "live" && f.message.kind === "attachment"),
    );
    if (live.type !== "live") throw new Error("not live");
    expect(live.message.attachments).toEqual([
      {
        id: photo.id,
        type: "image/png",
        size: photoBytes.byteLength,
        name: "sea.png",
        width: 2048,
        height: 1536,
        thumbId: thumb.id,
      },
    ]);

    const { links } = await bob.authed<MediaLinks>("POST", "/api/media/links", {
      ids: [thumb.id, photo.id],
    });
    const byId = new Map(links.map((l) => [l.id, l.url]));
    for (const [id, bytes] of [
      [thumb.id, thumbBytes],
      [photo.id, photoBytes],
    ] as const) {
      const served = await fetch(`${baseUrl}${byId.get(id)}`);
      expect(served.status).toBe(200);
      expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytes);
    }
    const none = await stranger.authed<MediaLinks>("POST", "/api/media/links", { ids: [photo.id] });
    expect(none.links).toEqual([]);
    open.ws.close();
  }, 30_000);
});
