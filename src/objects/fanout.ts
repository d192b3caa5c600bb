/**
 * The object queue's consumer (docs/decisions/0011): for each job, tells every chat about
 * the object, a page at a time, that the object is at `version` now, or gives each the
 * object's post (each chat stores it once per `clientMsgId`). Each chat reads the
 * changes it lacks from D1 and applies them once, in version order (src/room/object-events.ts),
 * so a job delivered twice, two jobs crossing, or a crash halfway through a page can neither
 * double nor reorder a change. After the last page the changes are marked delivered. A job
 * with a chat that failed is retried whole (the chats that had it answer at once); a job that
 * does not parse is dropped with a log line.
 */
import { roomStub } from "../durable/stubs";
import type { Env } from "../env";
import type { ErrorCode } from "../protocol";
import { settingsFor } from "../settings";
import { markDelivered, undelivered } from "./events";
import { type ObjectJob, objectJob, parseObjectJob } from "./job";
import { objectRooms } from "./rooms";

/** A chat's answers that are not failures: a chat never made, a chat that is read-only. */
const SKIPPED: ReadonlySet<ErrorCode> = new Set<ErrorCode>(["not_found", "room_read_only"]);

/** The wait before a failed job's next try: 2 s after the first, doubling, at most `max`. */
export function retryWaitSeconds(attempts: number, max: number): number {
  return Math.min(2 ** Math.max(1, attempts), max);
}

/** Runs `task` over `items`, at most `parallel` at a time. */
async function inTurns<T>(
  items: readonly T[],
  parallel: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < items.length; i += parallel) {
    await Promise.all(items.slice(i, i + parallel).map(task));
  }
}

/** Tells one page of the object's chats; the job that carries on, or null after the last. */
export async function runObjectJob(env: Env, job: ObjectJob): Promise<ObjectJob | null> {
  const settings = settingsFor(env);
  const page = settings.OBJECT_FANOUT_PAGE;
  const chats = await objectRooms(env.DB, job.objectId, page, job.after);
  const { post } = job;
  await inTurns(chats, settings.OBJECT_FANOUT_PARALLEL, async (chat) => {
    const room = roomStub(env, chat.roomId);
    const answer = post
      ? await room.postAsObject(job.objectId, post)
      : await room.catchUpObject(job.objectId, job.version);
    // A chat recorded but never made (its asker's request failed in between) has no room;
    // a post skips the chats that take no more messages.
    if (!answer.ok && !SKIPPED.has(answer.error.code)) {
      throw new Error(`chat ${chat.roomId}: ${answer.error.message}`);
    }
  });
  const last = chats.at(-1);
  if (chats.length === page && last) {
    return { ...job, after: { createdAt: last.createdAt, askerId: last.askerId } };
  }
  if (!post) await markDelivered(env.DB, job.objectId, job.version, Date.now());
  return null;
}

export async function consumeObjectBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  await Promise.all(
    batch.messages.map(async (message) => {
      const job = parseObjectJob(message.body);
      if (!job) {
        console.error(`object queue: a message that is not a job was dropped (${message.id})`);
        message.ack();
        return;
      }
      try {
        const next = await runObjectJob(env, job);
        if (next) await env.OBJECT_QUEUE.send(next);
        message.ack();
      } catch (error) {
        const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        console.error(`object job for ${job.objectId} v${job.version} failed: ${text}`);
        const max = settingsFor(env).OBJECT_FANOUT_RETRY_MAX_SECONDS;
        message.retry({ delaySeconds: retryWaitSeconds(message.attempts, max) });
      }
    }),
  );
}

/**
 * The every-minute sweep: changes older than `OBJECT_EVENT_SWEEP_SECONDS` that no job has
 * delivered get a job again (their first was lost between the change and its enqueue, or
 * went to the dead-letter queue). The chats that had them already answer at once.
 */
export async function resendUndelivered(env: Env, now: number): Promise<number> {
  const settings = settingsFor(env);
  const before = now - settings.OBJECT_EVENT_SWEEP_SECONDS * 1000;
  const owed = await undelivered(env.DB, before, settings.OBJECT_EVENT_SWEEP_MAX);
  if (owed.length > 0) {
    await env.OBJECT_QUEUE.sendBatch(
      owed.map(({ objectId, version }) => ({ body: objectJob(objectId, version) })),
    );
  }
  return owed.length;
}
