/**
 * The every-minute cron sweeps uploads attached to nothing (the timing project:
 * MEDIA_UNATTACHED_SECONDS 1): an upload left alone is gone after its second, bytes and row,
 * and one attached to a message stays.
 */
import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { mediaKey } from "../../src/media/keys";
import type { MediaInfo } from "../../src/protocol";
import worker, { CRONS } from "../../src/worker";
import { call, createGroup, signUp } from "../worker/helpers";
import { get, upload } from "../worker/media-helpers";

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

async function uploadedBy(token: string): Promise<MediaInfo> {
  const response = await upload(token, png, "image/png");
  expect(response.status).toBe(201);
  return (await response.json()) as MediaInfo;
}

const exists = async (id: string) => (await env.MEDIA.head(mediaKey(id))) !== null;

describe("the cron's media sweep", () => {
  it("deletes what stayed unattached past MEDIA_UNATTACHED_SECONDS, and keeps what was sent", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const room = (await createGroup(alice.accessToken, "sweep", [bob.user.id])).body;
    const [loose, sent] = [
      await uploadedBy(alice.accessToken),
      await uploadedBy(alice.accessToken),
    ];
    const posted = await call("POST", `/api/rooms/${room.id}/messages`, {
      token: alice.accessToken,
      body: { clientMsgId: "c", attachments: [sent.id] },
    });
    expect(posted.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: CRONS.closes }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await exists(loose.id)).toBe(false);
    expect(await exists(sent.id)).toBe(true);
    expect((await get(bob.accessToken, sent.id)).status).toBe(200);
  });
});
