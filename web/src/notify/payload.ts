/**
 * A push's payload as the service worker reads it: checked against the contract
 * (src/protocol/push.ts) before anything of it is shown. Anything else, a version this code
 * does not know included, is null, and the worker shows a plain notice instead.
 */
import * as v from "valibot";
import { PUSH_PAYLOAD_VERSION, type PushPayload } from "../../../src/protocol/push";

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

const Payload = v.object({
  v: v.literal(PUSH_PAYLOAD_VERSION),
  roomId: v.pipe(v.string(), v.minLength(1)),
  seq: count,
  title: v.string(),
  body: v.string(),
  tag: v.pipe(v.string(), v.minLength(1)),
  // A path of this app ("/rooms/…"), never another origin ("//evil.example").
  url: v.pipe(v.string(), v.regex(/^\/(?!\/)/)),
  unread: count,
  badge: count,
  close: v.array(v.string()),
  at: v.number(),
});

/** The payload, or null when the text is not JSON of the shape and version this code knows. */
export function parsePayload(text: string | null): PushPayload | null {
  if (text === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const result = v.safeParse(Payload, json);
  return result.success ? result.output : null;
}
