/**
 * The SDK's outbox store: a message queued by one run of the client (a page that reloads
 * before it could send) goes out from the next run with the same clientMsgId, and is stored
 * and delivered once, even when the earlier run's send did reach the server.
 */
import { describe, expect, it } from "vitest";
import { MemoryOutboxStore, type OutboxItem } from "../../src/client";
import { createDirect, signUp } from "./helpers";
import { sdkDevice, until, workerSocket } from "./sdk";

/** Opens sockets whose outgoing send frames vanish while `swallow()` says so. */
function lossySockets(swallow: () => boolean) {
  return async (url: string) => {
    const ws = await workerSocket(url);
    return new Proxy(ws, {
      get(target, key) {
        if (key === "send") {
          return (data: string) => {
            if (!(data.includes('"type":"send"') && swallow())) target.send(data);
          };
        }
        const value = Reflect.get(target, key);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  };
}

describe("the outbox store", () => {
  it("keeps a message queued offline across a restart and sends it once", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const room = (await createDirect(alice.accessToken, bob.user.id)).body;
    const store = new MemoryOutboxStore();
    const receiver = sdkDevice(bob);
    await until(receiver.isOnline, 5_000, "bob online");

    // First run: no socket can open, so the message waits in the store.
    const offline = sdkDevice(alice, {
      outboxStore: store,
      openSocket: async () => {
        throw new Error("offline");
      },
    });
    void offline.client.send(room.id, "queued offline").catch(() => undefined);
    await until(async () => (await store.load()).length === 1, 2_000, "message stored");
    const queued = offline.client.pending();
    expect(queued).toMatchObject([{ roomId: room.id, body: "queued offline" }]);
    await offline.client.stop();

    // Second run, same store: the message goes out and leaves the store.
    const restarted = sdkDevice(alice, { outboxStore: store });
    await until(
      () => receiver.received.some((m) => m.body === "queued offline"),
      5_000,
      "delivery",
    );
    await until(async () => (await store.load()).length === 0, 2_000, "store emptied");
    const sent = restarted.events.find((e) => e.type === "sent");
    expect(sent).toMatchObject({
      result: { clientMsgId: queued[0]?.clientMsgId, duplicate: false },
    });
    const outboxes = restarted.events.flatMap((e) => (e.type === "outbox" ? [e.pending] : []));
    expect(outboxes.at(0)).toMatchObject([{ body: "queued offline", attempts: 0 }]);
    expect(outboxes.at(-1)).toEqual([]);

    // A leftover of a send the server did store (its answer lost): sent again, stored once.
    const leftover = { ...(queued[0] as OutboxItem), createdAt: Date.now() };
    await store.put(leftover);
    const third = sdkDevice(alice, { outboxStore: store });
    await until(() => third.events.some((e) => e.type === "sent"), 5_000, "leftover answered");
    expect(third.events.find((e) => e.type === "sent")).toMatchObject({
      result: { duplicate: true },
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.received.filter((m) => m.body === "queued offline")).toHaveLength(1);
    await Promise.all([restarted, third, receiver].map((d) => d.client.stop()));
  });

  it("counts a second transmission as a retry, and reconnects at once when asked", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const room = (await createDirect(alice.accessToken, bob.user.id)).body;
    // Send frames vanish on the way out while `swallow` holds, as on a dying network.
    let swallow = true;
    const device = sdkDevice(alice, {
      backoffBaseMs: 60_000,
      backoffMaxMs: 60_000,
      requestTimeoutMs: 300,
      openSocket: lossySockets(() => swallow),
    });
    await until(device.isOnline, 5_000, "online");
    const sending = device.client.send(room.id, "through a bad network");
    await until(() => device.client.pending()[0]?.attempts === 1, 1_000, "first attempt");
    await new Promise((r) => setTimeout(r, 500)); // timed out; queued, retried in a second
    expect(device.client.pending()).toHaveLength(1);

    swallow = false;
    device.client.dropConnection();
    await until(() => !device.isOnline(), 2_000, "offline");
    // The backoff is a minute; reconnectNow skips it.
    device.client.reconnectNow();
    const result = await sending;
    expect(result.duplicate).toBe(false);
    const attempts = device.events.flatMap((e) =>
      e.type === "outbox" ? e.pending.map((p) => p.attempts) : [],
    );
    expect(attempts).toContain(2);
    expect(device.client.pending()).toEqual([]);
    await device.client.stop();
  });

  it("tries a send that got no answer again on the same connection", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const room = (await createDirect(alice.accessToken, bob.user.id)).body;
    let lose = 1; // the first send frame is lost
    const device = sdkDevice(alice, {
      requestTimeoutMs: 200,
      openSocket: lossySockets(() => lose-- > 0),
    });
    await until(device.isOnline, 5_000, "online");
    const result = await device.client.send(room.id, "second time lucky");
    expect(result.duplicate).toBe(false);
    // No reconnect was needed: one connection, two attempts.
    expect(device.events.filter((e) => e.type === "status" && e.status === "online")).toHaveLength(
      1,
    );
    const attempts = device.events.flatMap((e) =>
      e.type === "outbox" ? e.pending.map((p) => p.attempts) : [],
    );
    expect(Math.max(...attempts)).toBe(2);
    await device.client.stop();
  });

  it("keeps one retry per message: a reconnect's resend replaces the retry set before it", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const room = (await createDirect(alice.accessToken, bob.user.id)).body;
    let swallow = true;
    const device = sdkDevice(alice, {
      requestTimeoutMs: 100,
      openSocket: lossySockets(() => swallow),
    });
    await until(device.isOnline, 5_000, "online");
    const attempts = () => device.client.pending()[0]?.attempts ?? 0;
    const sending = device.client.send(room.id, "one retry at a time");
    // No answer in 100 ms: a retry is set for a second after.
    await new Promise((r) => setTimeout(r, 300));
    device.client.dropConnection();
    await until(() => attempts() === 2, 2_000, "the resend after the reconnect");
    const resentAt = Date.now();
    // That one times out too, and its retry is 2 s away. The first retry was due within a
    // second of now; had it not been replaced, it would have made a third attempt.
    await new Promise((r) => setTimeout(r, 1_500 - (Date.now() - resentAt)));
    expect(attempts()).toBe(2);
    swallow = false;
    expect((await sending).duplicate).toBe(false);
    await device.client.stop();
  });
});
