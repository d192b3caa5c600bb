/**
 * Helpers for the push tests: a subscription made by the fake push service (as a browser
 * would make one), registered for a device, and what the service received for it.
 */
import type { PushPayload, PushSubscriptionBody } from "../../src/protocol";
import type { ReceivedPush } from "../push/fake-push-service";
import { call } from "./helpers";
import { until } from "./until";

/** The fake push service's origin in the Workers tests (vitest.config.ts). */
export const PUSH_ORIGIN = "http://push.test";

export interface TestSubscription extends PushSubscriptionBody {
  id: string;
}

/** A new subscription of the fake push service (not yet registered with the server). */
export async function newSubscription(): Promise<TestSubscription> {
  const response = await fetch(`${PUSH_ORIGIN}/_subscribe`, { method: "POST" });
  const body = (await response.json()) as PushSubscriptionBody;
  return { ...body, id: body.endpoint.split("/").at(-1) ?? "" };
}

/** A new subscription, registered for the device whose access token this is. */
export async function subscribeDevice(token: string): Promise<TestSubscription> {
  const subscription = await newSubscription();
  const { id: _id, ...body } = subscription;
  const answer = await call("PUT", "/api/push/subscription", { token, body });
  if (answer.status !== 200) throw new Error(`subscribing answered ${answer.status}`);
  return subscription;
}

export async function received(subscription: TestSubscription): Promise<{
  pushes: (ReceivedPush & { payload: PushPayload })[];
  refused: number;
  refusedAt: number[];
}> {
  const response = await fetch(`${PUSH_ORIGIN}/_received/${subscription.id}`);
  return response.json();
}

/** The next pushes to the subscription get these answers (and are not accepted). */
export async function script(
  subscription: TestSubscription,
  answers: { status: number; retryAfter?: string }[],
): Promise<void> {
  await fetch(`${PUSH_ORIGIN}/_script/${subscription.id}`, {
    method: "POST",
    body: JSON.stringify({ answers }),
  });
}

/** Waits until the subscription has received `count` pushes; returns them. */
export async function pushesOf(subscription: TestSubscription, count: number, timeout = 5_000) {
  let pushes: (ReceivedPush & { payload: PushPayload })[] = [];
  await until(
    async () => {
      pushes = (await received(subscription)).pushes;
      return pushes.length >= count;
    },
    { timeout, what: `${count} push(es)` },
  );
  return pushes;
}
