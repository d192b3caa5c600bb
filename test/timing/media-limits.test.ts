/**
 * Media at small limits (the timing project: MEDIA_BYTES_MAX 300, MEDIA_UPLOADS_MAX_PER_HOUR
 * 2): a file of exactly the cap is taken and one byte more is refused before its body is
 * read; a user's third upload in the hour is refused.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ORIGIN, signUp } from "../worker/helpers";

const png = (size: number) =>
  new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array(size - 8).fill(1)]);

const upload = (token: string, body: Uint8Array) =>
  exports.default.fetch(`${ORIGIN}/api/media`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "image/png" },
    body,
  });

describe("media at their limits", () => {
  it("takes MEDIA_BYTES_MAX bytes and refuses one more, then stops at MEDIA_UPLOADS_MAX_PER_HOUR", async () => {
    const alice = await signUp();
    expect((await upload(alice.accessToken, png(300))).status).toBe(201);
    const over = await upload(alice.accessToken, png(301));
    expect(over.status).toBe(413);
    expect(((await over.json()) as { error: { code: string } }).error.code).toBe(
      "payload_too_large",
    );
    // The refused one did not count: a second upload is the hour's last.
    expect((await upload(alice.accessToken, png(10))).status).toBe(201);
    const third = await upload(alice.accessToken, png(10));
    expect(third.status).toBe(429);
    expect(Number(third.headers.get("Retry-After"))).toBeGreaterThan(0);
    // Another user has their own hour.
    expect((await upload((await signUp()).accessToken, png(10))).status).toBe(201);
  });
});
