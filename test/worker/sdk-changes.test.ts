/**
 * The SDK's edits, deletes and reactions (issue 22): each is queued in the outbox like a
 * message, kept in its store with the change, sent again after a restart, and arrives at the
 * other device as an event that applies to the message it holds; a change that cannot apply
 * is refused for good.
 */
import { describe, expect, it } from "vitest";
import { ChatApiError, MemoryOutboxStore, RoomsApi } from "../../src/client";
import { applyChanges, type ChatMessage } from "../../src/protocol";
import { createDirect, signUp } from "./helpers";
import { sdkDevice, until } from "./sdk";

/** What a device shows of one message, every event it received applied. */
function shown(received: readonly ChatMessage[], seq: number): ChatMessage | undefined {
  const bySeq = new Map(received.map((m) => [m.seq, m]));
  applyChanges(bySeq);
  return bySeq.get(seq);
}

describe("changes sent by the SDK", () => {
  it("go through the outbox, survive a restart, and apply on the other device", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const room = (await createDirect(alice.accessToken, bob.user.id)).body;
    const receiver = sdkDevice(bob);
    await until(receiver.isOnline, 5_000, "bob online");
    const first = sdkDevice(alice);
    const sent = await first.client.send(room.id, "see you at 6");
    await first.client.stop();

    // Queued with no socket: kept in the store with the change, sent by the next run.
    const store = new MemoryOutboxStore();
    const offline = sdkDevice(alice, {
      outboxStore: store,
      openSocket: async () => {
        throw new Error("offline");
      },
    });
    void offline.client.edit(room.id, sent.seq, "see you at 7").catch(() => undefined);
    await until(async () => (await store.load()).length === 1, 2_000, "edit stored");
    expect((await store.load())[0]).toMatchObject({
      body: "see you at 7",
      change: { kind: "edit", target: sent.seq, body: "see you at 7" },
    });
    await offline.client.stop();

    const online = sdkDevice(alice, { outboxStore: store });
    const reaction = await receiver.client.react(room.id, sent.seq, "👍", true);
    expect(reaction.duplicate).toBe(false);
    await until(
      () => shown(receiver.received, sent.seq)?.body === "see you at 7",
      5_000,
      "the edit applied",
    );
    expect(shown(receiver.received, sent.seq)).toMatchObject({
      editedAt: expect.any(Number),
      reactions: [{ emoji: "👍", userIds: [bob.user.id] }],
    });
    expect((await receiver.client.react(room.id, sent.seq, "👍", true)).duplicate).toBe(true);

    // Bob may not delete Alice's words: refused for good, and gone from the outbox.
    const refused = await receiver.client.deleteMessage(room.id, sent.seq).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ChatApiError);
    expect(refused).toMatchObject({ code: "forbidden" });
    expect(receiver.client.pending()).toEqual([]);

    await online.client.deleteMessage(room.id, sent.seq);
    await until(
      () => shown(receiver.received, sent.seq)?.deletedAt !== undefined,
      5_000,
      "the delete applied",
    );
    expect(shown(receiver.received, sent.seq)).toMatchObject({ body: "" });
    const late = await online.client.edit(room.id, sent.seq, "back").catch((e: unknown) => e);
    expect(late).toMatchObject({ code: "target_deleted" });
    expect(online.client.pending()).toEqual([]);
    await online.client.stop();
    await receiver.client.stop();
  });
});

describe("delete for me through the SDK", () => {
  it("tells the user's other device, whose history pages then give the message hidden", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const room = (await createDirect(alice.accessToken, bob.user.id)).body;
    const sender = sdkDevice(bob);
    const phone = sdkDevice(alice);
    const laptop = sdkDevice(alice);
    await until(() => phone.isOnline() && laptop.isOnline(), 5_000, "alice online");
    const sent = await sender.client.send(room.id, "typo-ridden rant");
    await until(() => laptop.received.some((m) => m.seq === sent.seq), 5_000, "delivered");
    await new RoomsApi(phone.api).hideMessage(room.id, sent.seq);
    await until(
      () =>
        laptop.events.some(
          (e) => e.type === "message_hidden" && e.roomId === room.id && e.seq === sent.seq,
        ),
      5_000,
      "the laptop told",
    );
    const page = await new RoomsApi(laptop.api).history(room.id, {});
    expect(page.messages.find((m) => m.seq === sent.seq)).toMatchObject({ hidden: true, body: "" });
    expect(sender.events.some((e) => e.type === "message_hidden")).toBe(false);
    for (const device of [sender, phone, laptop]) await device.client.stop();
  });
});
