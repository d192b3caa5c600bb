/**
 * The SDK's replies beyond text: a message with files may quote an earlier one
 * (`sendFiles`' `replyTo`), and a reply may carry the id it was first queued with (the web
 * client's retry of a refused reply keeps it), so it is stored once however often it goes.
 */
import { describe, expect, it } from "vitest";
import { createDirect, signUp } from "./helpers";
import { sdkDevice, until } from "./sdk";

const png = (size: number) => {
  const bytes = new Uint8Array(size);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Blob([bytes], { type: "image/png" });
};

describe("a reply sent by the SDK", () => {
  it("may carry files, and arrives quoting its message with them", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const room = (await createDirect(alice.accessToken, bob.user.id)).body;
    const receiver = sdkDevice(bob);
    await until(receiver.isOnline, 5_000, "bob online");
    const asked = await receiver.client.send(room.id, "a photo of the view?");

    const sender = sdkDevice(alice);
    const file = { blob: png(500), type: "image/png" as const, name: "view.png" };
    await sender.client.sendFiles(
      room.id,
      [{ ...file, width: 4, height: 3, thumb: null }],
      "",
      undefined,
      asked.seq,
    );
    await until(() => receiver.received.some((m) => m.kind === "attachment"), 5_000, "delivered");
    expect(receiver.received.find((m) => m.kind === "attachment")).toMatchObject({
      replyTo: asked.seq,
      attachments: [{ name: "view.png" }],
    });
    await sender.client.stop();
    await receiver.client.stop();
  });

  it("keeps the id it is given: sent twice, stored once", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const room = (await createDirect(alice.accessToken, bob.user.id)).body;
    const sender = sdkDevice(alice);
    const asked = await sender.client.send(room.id, "first");
    const once = await sender.client.reply(room.id, asked.seq, "again", "reply-1");
    const twice = await sender.client.reply(room.id, asked.seq, "again", "reply-1");
    expect(once).toMatchObject({ clientMsgId: "reply-1", duplicate: false });
    expect(twice).toMatchObject({ clientMsgId: "reply-1", seq: once.seq, duplicate: true });
    await sender.client.stop();
  });
});
