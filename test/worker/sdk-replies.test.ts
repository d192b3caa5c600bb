/**
 * The SDK's replies (issue 22): `ChatClient.reply` queues a message that quotes an earlier
 * one, kept in the outbox store with its target, sent again after a restart with the same
 * store, and delivered with `replyTo`; a target that cannot be quoted is refused for good.
 */
import { describe, expect, it } from "vitest";
import { ChatApiError, MemoryOutboxStore } from "../../src/client";
import { createDirect, signUp } from "./helpers";
import { sdkDevice, until } from "./sdk";

describe("a reply sent by the SDK", () => {
  it("keeps its target through the outbox, and arrives quoting it", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const room = (await createDirect(alice.accessToken, bob.user.id)).body;
    const receiver = sdkDevice(bob);
    await until(receiver.isOnline, 5_000, "bob online");
    const asked = await receiver.client.send(room.id, "coffee?");

    // Queued with no socket, kept in the store with its target, sent by the next run.
    const store = new MemoryOutboxStore();
    const offline = sdkDevice(alice, {
      outboxStore: store,
      openSocket: async () => {
        throw new Error("offline");
      },
    });
    void offline.client.reply(room.id, asked.seq, "yes").catch(() => undefined);
    await until(async () => (await store.load()).length === 1, 2_000, "reply stored");
    expect((await store.load())[0]).toMatchObject({ body: "yes", replyTo: asked.seq });
    await offline.client.stop();

    const online = sdkDevice(alice, { outboxStore: store });
    await until(() => receiver.received.some((m) => m.body === "yes"), 5_000, "delivered");
    expect(receiver.received.find((m) => m.body === "yes")).toMatchObject({
      senderId: alice.user.id,
      replyTo: asked.seq,
    });

    // A system message cannot be quoted: refused for good, and gone from the outbox.
    const refused = await online.client.reply(room.id, 1, "no").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ChatApiError);
    expect(refused).toMatchObject({ code: "invalid_target" });
    expect(online.client.pending()).toEqual([]);
    await online.client.stop();
    await receiver.client.stop();
  });
});
