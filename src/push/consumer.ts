/**
 * The push queue's consumer (the worker's `queue()` handler): for each job, asks the user's
 * session which devices still need the push and with what, sends one encrypted, signed push
 * to each, and reports back: a delivered push is recorded (never sent twice), a subscription
 * the push service says is gone is deleted. A job with a push the service could not take now
 * (429, 5xx, no answer) is retried after the service's `Retry-After`, else with a doubling
 * backoff; after the queue's `max_retries` it goes to the dead-letter queue. A job that does
 * not parse is dropped with a log line: retrying would not mend it.
 */
import { findById } from "../auth/users";
import { sessionStub } from "../durable/stubs";
import type { Env } from "../env";
import { type Settings, settingsFor } from "../settings";
import { type PushJob, parsePushJob } from "./job";
import { vapidKeys } from "./keys";
import { composePayload, encodePayload } from "./payload";
import { outcomeOf, type PushOutcome, pushRequest } from "./request";
import type { VapidKeys } from "./vapid";

/** How one job went: done, or to be tried again after some seconds. */
export type JobResult = { retryAfterSeconds: number | null };

/** The wait before attempt `attempts + 1` when the service named none. */
export function backoffSeconds(attempts: number, settings: Settings): number {
  const doubled = settings.PUSH_RETRY_SECONDS * 2 ** Math.max(0, attempts - 1);
  return Math.min(doubled, settings.PUSH_RETRY_MAX_SECONDS);
}

/** The wait for a job whose pushes asked for retries: the longest any service asked. */
export function retryDelay(
  outcomes: readonly PushOutcome[],
  attempts: number,
  settings: Settings,
): number | null {
  const retries = outcomes.filter((o) => o.kind === "retry");
  if (retries.length === 0) return null;
  const asked = retries.map((o) => o.afterSeconds ?? backoffSeconds(attempts, settings));
  return Math.min(Math.max(...asked), settings.PUSH_RETRY_MAX_SECONDS);
}

async function senderName(env: Env, userId: string): Promise<string | null> {
  return (await findById(env.DB, userId))?.display_name ?? null;
}

/** Sends one job's pushes; `attempts` is the queue's count for it (1 on the first try). */
export async function runJob(
  env: Env,
  job: PushJob,
  vapid: VapidKeys,
  attempts: number,
  now: () => number = Date.now,
): Promise<JobResult> {
  const settings = settingsFor(env);
  const session = sessionStub(env, job.userId);
  const plan = await session.pushPlan(job);
  if (!plan) return { retryAfterSeconds: null };
  const name = job.kind === "object" ? null : await senderName(env, job.from);
  const outcomes = await Promise.all(
    plan.targets.map(async (target): Promise<PushOutcome> => {
      const payload = composePayload({
        job,
        room: plan.room,
        senderName: name,
        unread: plan.unread,
        badge: plan.badge,
        close: target.close,
        previews: plan.previews,
        previewChars: settings.PUSH_PREVIEW_CHARS,
      });
      const request = await pushRequest(target, encodePayload(payload), {
        vapid,
        subject: settings.VAPID_SUBJECT,
        ttlSeconds: settings.PUSH_TTL_SECONDS,
        roomId: job.roomId,
        now: now(),
      });
      try {
        return outcomeOf(await fetch(request), now());
      } catch {
        return { kind: "retry", afterSeconds: null }; // no answer: the network or the service
      }
    }),
  );
  const reports = plan.targets.flatMap((target, i) => {
    const outcome = outcomes[i];
    if (outcome?.kind === "sent" || outcome?.kind === "gone") {
      return [
        {
          deviceId: target.deviceId,
          endpoint: target.endpoint,
          outcome: outcome.kind,
          closed: target.close,
        },
      ];
    }
    if (outcome?.kind === "failed") {
      console.error(`push to a device of ${job.userId} refused for good: ${outcome.status}`);
    }
    return [];
  });
  if (reports.length > 0) await session.pushDone(job.roomId, job.seq, reports);
  return { retryAfterSeconds: retryDelay(outcomes, attempts, settings) };
}

export async function consumePushBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const keys = vapidKeys(env);
  if (!keys) {
    console.error("push jobs arrived but the server has no VAPID keys; dropped");
    batch.ackAll();
    return;
  }
  const vapid = await keys;
  const settings = settingsFor(env);
  await Promise.all(
    batch.messages.map(async (message) => {
      const job = parsePushJob(message.body);
      if (!job) {
        console.error(`push queue: a message that is not a job was dropped (${message.id})`);
        message.ack();
        return;
      }
      try {
        const { retryAfterSeconds } = await runJob(env, job, vapid, message.attempts);
        if (retryAfterSeconds === null) message.ack();
        else message.retry({ delaySeconds: retryAfterSeconds });
      } catch (error) {
        const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        console.error(`push job for ${job.userId} failed: ${text}`);
        message.retry({ delaySeconds: backoffSeconds(message.attempts, settings) });
      }
    }),
  );
}
