/**
 * File links (issue 21): what an `<img src>` fetches without a bearer. A link serves one file
 * to one user until it expires; access is checked again on every fetch; anything altered is
 * refused. And how a file is served: ranges, revalidation, the cache a link allows.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { makeLink } from "../../src/media/links";
import type { MediaLinks } from "../../src/protocol";
import { call, errorCode, groupOfThree, signUp } from "./helpers";
import { code, fetchPath, get, PNG, photo, uploaded } from "./media-helpers";

const links = (token: string, ids: unknown) =>
  call<MediaLinks>("POST", "/api/media/links", { token, body: { ids } });

describe("file links", () => {
  it("serve a file without a bearer to whom may see it, and are made only for them", async () => {
    const { alice, bob, room } = await groupOfThree();
    const stranger = await signUp();
    const file = await photo(alice.accessToken);
    const thumbId = file.thumbId ?? "";
    const sent = await call("POST", `/api/rooms/${room.id}/messages`, {
      token: alice.accessToken,
      body: { clientMsgId: "m1", attachments: [file.id] },
    });
    expect(sent.status).toBe(201);

    const made = await links(bob.accessToken, [file.id, thumbId, crypto.randomUUID()]);
    expect(made.status).toBe(200);
    expect(made.body.links.map((l) => l.id).sort()).toEqual([file.id, thumbId].sort());
    const link = made.body.links.find((l) => l.id === file.id);
    if (!link) throw new Error("no link");
    expect(link.url).toMatch(new RegExp(`^/api/media/${file.id}/file\\?u=`));
    const ttl = Number(env.MEDIA_LINK_TTL_SECONDS ?? 3600);
    expect(link.expiresAt).toBeGreaterThan(Date.now() + (ttl - 5) * 1000);
    expect(link.expiresAt).toBeLessThanOrEqual(Date.now() + ttl * 1000);

    const served = await fetchPath(link.url);
    expect(served.status).toBe(200);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(PNG);
    expect(served.headers.get("Cache-Control")).toMatch(/^private, max-age=\d+, immutable$/);
    expect(served.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(served.headers.get("Content-Security-Policy")).toMatch(/; sandbox$/);

    // Someone who may not see it gets no link for it.
    expect((await links(stranger.accessToken, [file.id])).body.links).toEqual([]);

    // Bob removed: his link stops serving at once, long before it expires.
    await call("DELETE", `/api/rooms/${room.id}/members/${bob.user.id}`, {
      token: alice.accessToken,
    });
    expect(await code(await fetchPath(link.url))).toEqual([404, "not_found"]);
  });

  it("are refused when altered, made for another user, or expired", async () => {
    const alice = await signUp();
    const file = await uploaded(alice.accessToken);
    const other = await uploaded(alice.accessToken);
    const [link] = (await links(alice.accessToken, [file.id])).body.links;
    if (!link) throw new Error("no link");
    const url = new URL(link.url, "http://x");
    const variant = (change: (q: URLSearchParams) => void, path = url.pathname) => {
      const q = new URLSearchParams(url.search);
      change(q);
      return `${path}?${q}`;
    };
    const s = url.searchParams.get("s") ?? "";
    const refused = [
      variant((q) => q.set("s", `${s[0] === "A" ? "B" : "A"}${s.slice(1)}`)),
      variant((q) => q.set("u", crypto.randomUUID())),
      variant((q) => q.set("e", String(Number(q.get("e")) + 60))),
      variant(() => {}, `/api/media/${other.id}/file`),
    ];
    for (const path of refused) {
      expect(await code(await fetchPath(path)), path).toEqual([403, "forbidden"]);
    }
    // One that expired a second ago.
    const secret = env.JWT_SECRET;
    const ttl = 1;
    const old = await makeLink(secret, file.id, alice.user.id, Date.now() - 2000, ttl);
    expect(await code(await fetchPath(old.url))).toEqual([403, "forbidden"]);
    const fresh = await makeLink(secret, file.id, alice.user.id, Date.now(), 60);
    expect((await fetchPath(fresh.url)).status).toBe(200);
    expect((await fetchPath(url.pathname)).status).toBe(400); // no link at all
  });

  it("are asked for 1 to LIMITS.mediaLinksMax at a time", async () => {
    const alice = await signUp();
    const ids = Array.from({ length: 101 }, () => crypto.randomUUID());
    expect((await links(alice.accessToken, ids.slice(0, 100))).status).toBe(200);
    for (const bad of [ids, [], ["nope"]]) {
      const answer = await links(alice.accessToken, bad);
      expect([answer.status, errorCode(answer)]).toEqual([400, "validation_failed"]);
    }
  });
});

describe("a served file", () => {
  it("answers a range with 206 and an unchanged ETag with 304", async () => {
    const alice = await signUp();
    const file = await uploaded(alice.accessToken);
    const part = await get(alice.accessToken, file.id, { Range: "bytes=2-5" });
    expect(part.status).toBe(206);
    expect(part.headers.get("Content-Range")).toBe(`bytes 2-5/${PNG.byteLength}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(PNG.slice(2, 6));
    const tail = await get(alice.accessToken, file.id, { Range: "bytes=-4" });
    expect(tail.headers.get("Content-Range")).toBe(
      `bytes ${PNG.byteLength - 4}-${PNG.byteLength - 1}/${PNG.byteLength}`,
    );
    const past = await get(alice.accessToken, file.id, { Range: `bytes=${PNG.byteLength}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get("Content-Range")).toBe(`bytes */${PNG.byteLength}`);
    const whole = await get(alice.accessToken, file.id);
    const etag = whole.headers.get("ETag") ?? "";
    expect(etag).not.toBe("");
    expect(whole.headers.get("Cache-Control")).toBe("private, no-cache");
    await whole.arrayBuffer();
    const again = await get(alice.accessToken, file.id, { "If-None-Match": etag });
    expect(again.status).toBe(304);
  });
});
