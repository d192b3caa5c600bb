/** Uploading and fetching files in the Workers tests: real R2 and D1 as workerd runs them. */
import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import type { MediaInfo } from "../../src/protocol";
import { ORIGIN } from "./helpers";

/** A PNG's signature and filler: enough for the server, which decodes nothing. */
export const png = (bytes = 208) =>
  new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array(bytes - 8).fill(7)]);
export const PNG = png();
export const PDF = new TextEncoder().encode("%PDF-1.7\n% a tiny document\n");

export function upload(
  token: string,
  body: BodyInit | null,
  type: string,
  qs = "",
  headers: Record<string, string> = {},
) {
  return exports.default.fetch(`${ORIGIN}/api/media${qs}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": type, ...headers },
    body,
  });
}

/** Uploads a file that must be taken; answers what the server stored. */
export async function uploaded(
  token: string,
  body: Uint8Array = PNG,
  type = "image/png",
  qs = "",
): Promise<MediaInfo> {
  const response = await upload(token, body, type, qs);
  expect(response.status).toBe(201);
  return (await response.json()) as MediaInfo;
}

/** An image with its thumbnail, uploaded as a client does: the thumbnail first. */
export async function photo(token: string, name = "photo.png"): Promise<MediaInfo> {
  const thumb = await uploaded(token, png(64));
  return uploaded(token, PNG, "image/png", `?name=${name}&width=640&height=480&thumb=${thumb.id}`);
}

export const get = (token: string, id: string, headers: Record<string, string> = {}) =>
  exports.default.fetch(`${ORIGIN}/api/media/${id}`, {
    headers: { Authorization: `Bearer ${token}`, ...headers },
  });

/** A fetch without a bearer, as an `<img src>` makes one. */
export const fetchPath = (path: string, headers: Record<string, string> = {}) =>
  exports.default.fetch(`${ORIGIN}${path}`, { headers });

export async function code(response: Response): Promise<[number, string | undefined]> {
  const body = (await response.json()) as { error?: { code?: string } };
  return [response.status, body.error?.code];
}

export async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
