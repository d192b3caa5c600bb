/**
 * The push queue's consumer, driven with batches made here, so that each
 * answer of the push service can be checked against what the consumer told the queue: ack,
 * or retry after how long. The session state is real: made over HTTP, with do-not-disturb
 * on while the message is sent so the session itself queues nothing.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sessionStub } from "../../src/durable/stubs";
import type { Env } from "../../src/env";
import { consumePushBatch } from "../../src/push/consumer";
import type { PushJob } from "../../src/push/job";
import { call, createDirect, postMessage, signUp } from "./helpers";
import { newSubscription, received, script, subscribeDevice } from "./push-helpers";

let ids = 0;

/** A message to bob that the session did not queue, and the job for it. */
async function pendingPush() {
  const [alice, bob] = await Promise.all([signUp(), signUp()]);
  const subscription = await subscribeDevice(bob.accessToken);
  const room = (await createDirect(alice.accessToken, bob.user.id)).body;
  const dnd = (until: number | null) =>
    call("PUT", "/api/me/notifications", {
      token: bob.accessToken,
      body: { doNotDisturbUntil: until },
    });
  await dnd(Date.now() + 60_000);
  const sent = await postMessage(alice.accessToken, room.id, "queued by hand");
  // The session has the message once the room delivered it.
  await expect.poll(async () => (await inboxOf(bob.accessToken))[0]?.lastSeq).toBe(sent.body.seq);
  await dnd(null);
  const job: PushJob = {
    v: 1,
    userId: bob.user.id,
    roomId: room.id,
    seq: sent.body.seq,
    kind: "message",
    from: alice.user.id,
    text: "queued by hand",
    at: sent.body.createdAt,
  };
  return { bob, subscription, job };
}

async function inboxOf(token: string): Promise<{ lastSeq: number }[]> {
  return (await call<{ rooms: { lastSeq: number }[] }>("GET", "/api/rooms", { token })).body.rooms;
}

/**
 * Runs the consumer on one message; returns what it told the queue. The batch records the
 * delay of a retry, which cloudflare:test's batches drop; push.test.ts shows the real queue
 * waiting it out.
 */
async function consume(body: unknown, attempts = 1) {
  const told = { acked: false, retryAfter: null as number | null };
  const message: Message<unknown> = {
    id: `m${++ids}`,
    timestamp: new Date(),
    body,
    attempts,
    ack: () => {
      told.acked = true;
    },
    retry: (options?: QueueRetryOptions) => {
      told.retryAfter = options?.delaySeconds ?? 0;
    },
  };
  const batch: MessageBatch<unknown> = {
    queue: "edge-chat-push",
    messages: [message],
    metadata: { metrics: { backlogCount: 1, backlogBytes: 0 } },
    ackAll: () => message.ack(),
    retryAll: (options?: QueueRetryOptions) => message.retry(options),
  };
  await consumePushBatch(batch, env as unknown as Env);
  return told;
}

describe("the push queue's consumer", () => {
  it("sends a job once: a redelivered job is acked without a second push", async () => {
    const { subscription, job } = await pendingPush();
    expect(await consume(job)).toEqual({ acked: true, retryAfter: null });
    expect(await consume(job, 2)).toEqual({ acked: true, retryAfter: null });
    const { pushes } = await received(subscription);
    expect(pushes.map((p) => p.payload.seq)).toEqual([job.seq]);
  });

  it("retries after the service's Retry-After (429), capped at PUSH_RETRY_MAX_SECONDS", async () => {
    const { subscription, job } = await pendingPush();
    await script(subscription, [
      { status: 429, retryAfter: "7" },
      { status: 429, retryAfter: "999999" },
    ]);
    expect(await consume(job)).toEqual({ acked: false, retryAfter: 7 });
    expect(await consume(job, 2)).toEqual({ acked: false, retryAfter: 3_600 });
    expect(await consume(job, 3)).toEqual({ acked: true, retryAfter: null });
    const { pushes, refused } = await received(subscription);
    expect([pushes.length, refused]).toEqual([1, 2]);
  });

  it("retries a 5xx with a doubling backoff from PUSH_RETRY_SECONDS", async () => {
    const { subscription, job } = await pendingPush();
    await script(subscription, [{ status: 503 }, { status: 500 }]);
    expect(await consume(job, 1)).toEqual({ acked: false, retryAfter: 10 });
    expect(await consume(job, 3)).toEqual({ acked: false, retryAfter: 40 });
    expect(await consume(job, 4)).toEqual({ acked: true, retryAfter: null });
  });

  it("deletes a subscription the service says is gone (410, 404), and sends no more", async () => {
    for (const status of [410, 404]) {
      const { bob, subscription, job } = await pendingPush();
      await script(subscription, [{ status }]);
      expect(await consume(job)).toEqual({ acked: true, retryAfter: null });
      const state = await call("GET", "/api/push/subscription", { token: bob.accessToken });
      expect(state.body).toEqual({ subscribed: false, endpoint: null });
      expect(await consume(job, 2)).toEqual({ acked: true, retryAfter: null });
      expect((await received(subscription)).refused).toBe(1);
    }
  });

  it("drops a push refused for good (400) without retrying the job", async () => {
    const { bob, subscription, job } = await pendingPush();
    await script(subscription, [{ status: 400 }]);
    expect(await consume(job)).toEqual({ acked: true, retryAfter: null });
    // The subscription stays: a bad request is ours to mend, not the browser's.
    expect((await sessionStub(env, bob.user.id).pushSubscription(bob.deviceId)).subscribed).toBe(
      true,
    );
  });

  it("acks a message that is not a job, and sends nothing for it", async () => {
    const { subscription, job } = await pendingPush();
    for (const bad of [{ ...job, v: 9 }, "text", null, { ...job, seq: -1 }]) {
      expect(await consume(bad)).toEqual({ acked: true, retryAfter: null });
    }
    expect((await received(subscription)).pushes).toEqual([]);
  });

  it("sends nothing for a job whose message was read since", async () => {
    const { bob, subscription, job } = await pendingPush();
    await call("POST", `/api/rooms/${encodeURIComponent(job.roomId)}/read`, {
      token: bob.accessToken,
      body: { seq: job.seq },
    });
    expect(await consume(job)).toEqual({ acked: true, retryAfter: null });
    expect((await received(subscription)).pushes).toEqual([]);
  });

  it("keeps a subscription made since, when a push to the old endpoint comes back gone", async () => {
    const { bob, subscription, job } = await pendingPush();
    const session = sessionStub(env, bob.user.id);
    // The browser subscribed again (a new endpoint) while a push to the old one was out.
    const { id: _id, ...fresh } = await newSubscription();
    await call("PUT", "/api/push/subscription", { token: bob.accessToken, body: fresh });
    await session.pushDone(job.roomId, job.seq, [
      { deviceId: bob.deviceId, endpoint: subscription.endpoint, outcome: "gone", closed: [] },
    ]);
    expect(await session.pushSubscription(bob.deviceId)).toEqual({
      subscribed: true,
      endpoint: fresh.endpoint,
    });
    // The current endpoint gone: removed.
    await session.pushDone(job.roomId, job.seq, [
      { deviceId: bob.deviceId, endpoint: fresh.endpoint, outcome: "gone", closed: [] },
    ]);
    expect((await session.pushSubscription(bob.deviceId)).subscribed).toBe(false);
  });
});
