/**
 * Push end to end against `wrangler dev`: the real local queue and consumer, a fake push
 * service on loopback (test/push/fake-push-server.ts) that checks VAPID and decrypts. A
 * message to a user whose device is offline arrives there once.
 */
import { describe, expect, inject, it } from "vitest";
import { RoomsApi } from "../../src/client";
import type { PushKey, PushPayload, PushSubscriptionBody } from "../../src/protocol";
import type { ReceivedPush } from "../push/fake-push-service";
import { signedUpUser } from "./users";

const baseUrl = inject("baseUrl");
const pushUrl = inject("pushUrl");

async function received(id: string): Promise<(ReceivedPush & { payload: PushPayload })[]> {
  const answer = await fetch(`${pushUrl}/_received/${id}`);
  return ((await answer.json()) as { pushes: (ReceivedPush & { payload: PushPayload })[] }).pushes;
}

describe("push against wrangler dev", () => {
  it("a message to an offline user reaches the push service once, signed and decrypted", async () => {
    const alice = await signedUpUser(baseUrl, "p2e");
    const bob = await signedUpUser(baseUrl, "p2e");
    const subscription = (await (
      await fetch(`${pushUrl}/_subscribe`, { method: "POST" })
    ).json()) as PushSubscriptionBody;
    const id = subscription.endpoint.split("/").at(-1) ?? "";
    await bob.authed("PUT", "/api/push/subscription", subscription);
    const key = await bob.authed<PushKey>("GET", "/api/push/key");

    const rooms = new RoomsApi(alice);
    const room = await rooms.createDirect(bob.session?.user.id ?? "");
    const sent = await rooms.send(room.id, "안녕, 밥");
    const deadline = Date.now() + 15_000;
    let pushes = await received(id);
    while (pushes.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      pushes = await received(id);
    }
    expect(pushes).toHaveLength(1);
    expect(pushes[0]?.payload).toMatchObject({
      roomId: room.id,
      seq: sent.seq,
      title: "사용자",
      body: "안녕, 밥",
      tag: `room:${room.id}`,
    });
    expect(pushes[0]?.vapidKey).toBe(key.publicKey);
    // Once: nothing more comes for it.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await received(id)).toHaveLength(1);
  }, 30_000);
});
