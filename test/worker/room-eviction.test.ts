/**
 * One fault pinned to its worst moment: the ChatRoom object commits a message and is then
 * evicted before its answer reaches the sender's session, so the sender never gets an ack
 * and the room's fanout for that message never ran in that instance. Invariants 1, 3 and 4:
 * the resend with the same clientMsgId gets the original seq, history holds the message
 * once, and the object's alarm (armed in the same commit) delivers it to every device once.
 */
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ChatRoom } from "../../src/durable/chat-room";
import type { AckFrame, HistoryPage } from "../../src/protocol";
import { Device } from "./device";
import { call, createGroup, signUp } from "./helpers";

type Send = ChatRoom["send"];

describe("ChatRoom evicted between commit and ack", () => {
  it("the resend gets the original seq and every device gets the message once", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const room = await createGroup(alice.accessToken, "pinned", [bob.user.id]);
    const roomId = room.body.id;
    const aliceDevice = await Device.connect(alice);
    const aliceOther = await Device.connect(alice);
    const bobDevice = await Device.connect(bob);

    // A stub that saw its object reset stays broken, so each step takes a fresh one.
    const roomStub = () => env.CHAT_ROOM.get(env.CHAT_ROOM.idFromName(roomId));
    // This instance commits the next send and dies before answering; whatever fanout it
    // started dies with it or gets out first, and either way must not duplicate.
    let committedSeq: number | null = null;
    await runInDurableObject(roomStub(), (instance: ChatRoom, state) => {
      // RPC only calls methods found on the prototype chain, so the wrapper goes there.
      const original: Send = instance.send.bind(instance);
      const faulty = Object.create(Object.getPrototypeOf(instance)) as { send: Send };
      faulty.send = async (input) => {
        const result = await original(input);
        if (result.ok) committedSeq = result.value.seq;
        // Durable on disk first: without this, the abort would discard the unflushed write.
        await state.storage.sync();
        state.abort("evicted after commit, before ack");
        return result;
      };
      Object.setPrototypeOf(instance, faulty);
    });

    const clientMsgId = crypto.randomUUID();
    const first = await aliceDevice.send(roomId, "survives", clientMsgId);
    expect(first).toMatchObject({ type: "error", code: "internal" });
    expect(committedSeq).not.toBeNull();

    // The committed message is in history although nobody was told.
    const before = await call<HistoryPage>("GET", `/api/rooms/${roomId}/messages`, {
      token: bob.accessToken,
    });
    expect(before.body.messages.filter((m) => m.kind === "text").map((m) => m.seq)).toEqual([
      committedSeq,
    ]);

    // The SDK's resend: same clientMsgId, a fresh instance of the room.
    const second = (await aliceDevice.send(roomId, "survives", clientMsgId)) as AckFrame;
    expect(second).toMatchObject({ type: "ack", seq: committedSeq, duplicate: true });

    // The alarm armed with the commit delivers what the evicted instance never fanned out.
    await runDurableObjectAlarm(roomStub());
    for (const device of [aliceDevice, aliceOther, bobDevice]) {
      expect(await device.waitForTexts(roomId, 1)).toEqual([[committedSeq, "survives"]]);
    }
    // Give any stray second delivery time to arrive, then check there was none.
    await runDurableObjectAlarm(roomStub());
    const probe = await aliceDevice.send(roomId, "after");
    expect(probe.type).toBe("ack");
    for (const device of [aliceDevice, aliceOther, bobDevice]) {
      const texts = await device.waitForTexts(roomId, 2);
      expect(texts.map(([, body]) => body)).toEqual(["survives", "after"]);
    }

    const after = await call<HistoryPage>("GET", `/api/rooms/${roomId}/messages`, {
      token: alice.accessToken,
    });
    expect(
      after.body.messages.filter((m) => m.kind === "text").map((m) => [m.seq, m.body]),
    ).toEqual([
      [committedSeq, "survives"],
      [(committedSeq ?? 0) + 1, "after"],
    ]);
    for (const device of [aliceDevice, aliceOther, bobDevice]) device.close();
  });
});
