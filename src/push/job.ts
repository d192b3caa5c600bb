/**
 * A push job: what a user's session puts on the push queue for one delivery that should
 * notify them, and what the consumer (./consumer.ts) takes off it. One job per user and
 * delivery, never per device: the consumer asks the session which devices, when it runs.
 * Queue messages are input from outside like any other, so the consumer parses each one.
 */
import * as v from "valibot";
import { LIMITS } from "../protocol";

export const PUSH_JOB_VERSION = 1;

/** The `from` of a post by the chat's object: no user. */
export const OBJECT_SENDER = "object";

export const PushJob = v.strictObject({
  v: v.literal(PUSH_JOB_VERSION),
  /** The user to notify. */
  userId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  roomId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  /** The message that notifies: the newest such in its delivery. */
  seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** A message, the user being added to the room, or a post of the chat's object. */
  kind: v.picklist(["message", "added", "object"]),
  /** Who wrote the message, or who added the user (`OBJECT_SENDER` for an object's post). */
  from: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  /** The message's text ("" for `added`). */
  text: v.pipe(v.string(), v.maxLength(LIMITS.messageMax)),
  /** When it was sent (ms). */
  at: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type PushJob = v.InferOutput<typeof PushJob>;

/** A queue message's body as a job, or null when it is not one. */
export function parsePushJob(body: unknown): PushJob | null {
  const parsed = v.safeParse(PushJob, body);
  return parsed.success ? parsed.output : null;
}
