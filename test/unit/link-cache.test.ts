/**
 * The SDK's file links: ids wanted together are asked for in one request, a link is reused
 * until shortly before it expires (so an `<img src>` keeps its URL), and a file the server
 * left out, or a request that failed, is not asked for again until a while later.
 */
import { describe, expect, it } from "vitest";
import { LinkCache } from "../../src/client";
import type { MediaLink } from "../../src/protocol";
import { until } from "../worker/until";

const HOUR = 3_600_000;

function cache(answer: (ids: string[]) => MediaLink[] | Error) {
  let now = 1_000_000;
  const asked: string[][] = [];
  let changes = 0;
  const links = new LinkCache({
    fetchLinks: async (ids) => {
      asked.push(ids);
      const result = answer(ids);
      if (result instanceof Error) throw result;
      return result;
    },
    changed: () => changes++,
    now: () => now,
    batchMs: 1,
    retryMs: 60_000,
  });
  return {
    links,
    asked,
    changes: () => changes,
    advance: (ms: number) => {
      now += ms;
    },
    now: () => now,
  };
}

const linkFor = (id: string, expiresAt: number, n = 1) => ({
  id,
  url: `/api/media/${id}/file?n=${n}`,
  expiresAt,
});

describe("file links", () => {
  it("are asked for together, and reused until shortly before they expire", async () => {
    let round = 0;
    const c = cache((ids) => {
      round++;
      return ids.map((id) => linkFor(id, c.now() + HOUR, round));
    });
    expect(c.links.url("a")).toBeNull();
    expect(c.links.url("b")).toBeNull();
    expect(c.links.url("a")).toBeNull();
    await until(() => c.changes() === 1, 1_000, "links");
    expect(c.asked).toEqual([["a", "b"]]);
    expect(c.links.url("a")).toBe("/api/media/a/file?n=1");

    c.advance(HOUR - 6 * 60_000); // still more than the margin (5 minutes) left
    expect(c.links.url("a")).toBe("/api/media/a/file?n=1");
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(c.asked).toHaveLength(1);

    c.advance(2 * 60_000); // inside the margin: the old link serves while a new one comes
    expect(c.links.url("a")).toBe("/api/media/a/file?n=1");
    await until(() => c.changes() === 2, 1_000, "renewed");
    expect(c.asked[1]).toEqual(["a"]);
    expect(c.links.url("a")).toBe("/api/media/a/file?n=2");
  });

  it("never hand out an expired link", async () => {
    const c = cache((ids) => ids.map((id) => linkFor(id, c.now() + 1_000)));
    c.links.url("a");
    await until(() => c.changes() === 1, 1_000, "links");
    c.advance(1_000);
    expect(c.links.url("a")).toBeNull();
  });

  it("do not ask again for a file left out, or after a failure, until a while later", async () => {
    let fail = true;
    const c = cache((ids) =>
      fail ? new Error("offline") : ids.map((id) => linkFor(id, HOUR * 9)),
    );
    c.links.url("a");
    await until(() => c.asked.length === 1, 1_000, "asked");
    await new Promise((resolve) => setTimeout(resolve, 10));
    c.links.url("a");
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(c.asked).toHaveLength(1);
    fail = false;
    c.advance(60_000);
    c.links.url("a");
    await until(() => c.links.url("a") !== null, 1_000, "after the pause");

    const hidden = cache(() => []);
    hidden.links.url("secret");
    await until(() => hidden.asked.length === 1, 1_000, "asked");
    await new Promise((resolve) => setTimeout(resolve, 10));
    hidden.links.url("secret");
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(hidden.asked).toHaveLength(1);
    expect(hidden.changes()).toBe(0);
  });
});
