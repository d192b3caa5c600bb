/**
 * The sweep of uploads attached to nothing (src/media/sweep.ts): bytes and row go, with the
 * thumbnail, once MEDIA_UNATTACHED_SECONDS have passed since the upload (or since an object
 * or a profile let it go); what is attached stays; a swept file can no longer be attached;
 * at most MEDIA_SWEEP_MAX files a run.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { mediaKey } from "../../src/media/keys";
import { sweepMedia } from "../../src/media/sweep";
import { DEFAULT_SETTINGS } from "../../src/settings";
import { call, errorCode, groupOfThree, signUp } from "./helpers";
import { photo, uploaded } from "./media-helpers";

const DAY = DEFAULT_SETTINGS.MEDIA_UNATTACHED_SECONDS;
const later = (seconds: number) => Date.now() + seconds * 1000;

async function stored(id: string): Promise<{ row: boolean; bytes: boolean }> {
  const row = await env.DB.prepare("SELECT id FROM media WHERE id = ?").bind(id).first();
  return { row: row !== null, bytes: (await env.MEDIA.head(mediaKey(id))) !== null };
}

/** Sweeps as the cron would at `now`, until a run finds nothing more. */
async function sweepAll(now: number, max = 1000): Promise<number> {
  let total = 0;
  for (;;) {
    const swept = await sweepMedia(env.DB, env.MEDIA, now, DAY, max);
    total += swept;
    if (swept === 0) return total;
  }
}

describe("the sweep of unattached uploads", () => {
  it("deletes an upload left unattached past the limit, with its thumbnail, and nothing else", async () => {
    const { alice, room } = await groupOfThree();
    const before = Date.now(); // the uploads are made at or after it, however slow the machine
    const loose = await photo(alice.accessToken);
    const sent = await photo(alice.accessToken);
    expect(
      (
        await call("POST", `/api/rooms/${room.id}/messages`, {
          token: alice.accessToken,
          body: { clientMsgId: "m", attachments: [sent.id] },
        })
      ).status,
    ).toBe(201);
    const ids = [loose.id, loose.thumbId, sent.id, sent.thumbId] as string[];

    // Not yet: a second short of the limit.
    await sweepAll(before + (DAY - 1) * 1000);
    for (const id of ids) expect(await stored(id)).toEqual({ row: true, bytes: true });

    await sweepAll(later(DAY + 1));
    expect(await stored(loose.id)).toEqual({ row: false, bytes: false });
    expect(await stored(loose.thumbId ?? "")).toEqual({ row: false, bytes: false });
    expect(await stored(sent.id)).toEqual({ row: true, bytes: true });
    expect(await stored(sent.thumbId ?? "")).toEqual({ row: true, bytes: true });
  });

  it("never lets a file marked for deletion be attached, and finishes a run cut short", async () => {
    const { alice, room } = await groupOfThree();
    const files = await Promise.all([1, 2, 3].map(() => uploaded(alice.accessToken)));
    // Other tests' uploads are old at this `now` too: count only these three.
    const mine = async () => {
      const rows = await env.DB.prepare("SELECT id, attached_kind FROM media WHERE id IN (?, ?, ?)")
        .bind(...files.map((f) => f.id))
        .all<{ id: string; attached_kind: string | null }>();
      return rows.results;
    };
    const now = later(DAY + 1);
    // Mark without deleting, as a run that stopped between its steps would leave them.
    await env.DB.prepare("UPDATE media SET attached_kind = 'swept' WHERE id = ?")
      .bind(files[0]?.id)
      .run();
    const attach = await call("POST", `/api/rooms/${room.id}/messages`, {
      token: alice.accessToken,
      body: { clientMsgId: "late", attachments: [files[0]?.id] },
    });
    expect([attach.status, errorCode(attach)]).toEqual([400, "bad_attachment"]);
    await sweepAll(now);
    expect(await mine()).toEqual([]);
  });

  it("deletes at most MEDIA_SWEEP_MAX files a run", async () => {
    const alice = await signUp();
    await Promise.all([1, 2, 3].map(() => uploaded(alice.accessToken)));
    const now = later(DAY * 3);
    await sweepAll(now); // everything older, from every test, first
    const fresh = await Promise.all([1, 2, 3].map(() => uploaded(alice.accessToken)));
    const swept = await sweepMedia(env.DB, env.MEDIA, later(DAY * 3), DAY, 2);
    expect(swept).toBe(2);
    const left = await Promise.all(fresh.map((f) => stored(f.id)));
    expect(left.filter((s) => s.row).length).toBe(1);
    expect(await sweepMedia(env.DB, env.MEDIA, later(DAY * 3), DAY, 2)).toBe(1);
  });
});
