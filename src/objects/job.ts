/**
 * An object job: "the chats about this object must have its changes up to this version",
 * put on the object queue after each change (and by the sweep for a change whose job was
 * lost), and taken off by ./fanout.ts. A job for an object with many chats carries on in
 * pages: `after` is the last asker the page before reached. Queue messages are input from
 * outside like any other, so the consumer parses each one.
 */
import * as v from "valibot";

export const OBJECT_JOB_VERSION = 1;

export const ObjectJob = v.strictObject({
  v: v.literal(OBJECT_JOB_VERSION),
  objectId: v.pipe(v.string(), v.uuid()),
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** The chats of askers after this one (in `object_rooms` order) are still to be told. */
  after: v.optional(
    v.strictObject({
      createdAt: v.pipe(v.number(), v.integer(), v.minValue(0)),
      askerId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
    }),
  ),
});
export type ObjectJob = v.InferOutput<typeof ObjectJob>;

export function objectJob(objectId: string, version: number): ObjectJob {
  return { v: OBJECT_JOB_VERSION, objectId, version };
}

/** A queue message's body as a job, or null when it is not one. */
export function parseObjectJob(body: unknown): ObjectJob | null {
  const parsed = v.safeParse(ObjectJob, body);
  return parsed.success ? parsed.output : null;
}
