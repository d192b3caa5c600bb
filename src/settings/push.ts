/** Settings of push notifications (src/push/): rows of the settings table (./table.ts). */
import type { Table } from "./entry";

export const PUSH_SETTINGS = {
  /**
   * The push services a subscription's endpoint may point at, as origins; `*.` before a host
   * matches any name under it. The worker sends to nothing else, so a subscription cannot
   * turn it into a request cannon against an arbitrary host.
   */
  PUSH_SERVICES: {
    default: [
      "https://fcm.googleapis.com",
      "https://updates.push.services.mozilla.com",
      "https://*.notify.windows.com",
      "https://web.push.apple.com",
    ],
    kind: "policy",
    doc: "origins a push subscription's endpoint may have (`*.` matches subdomains); Chrome, Firefox, Edge and Safari by default",
  },
  /** The `sub` of VAPID tokens: where a push service's operator can reach ours. */
  VAPID_SUBJECT: {
    default: "mailto:admin@example.com",
    kind: "policy",
    doc: "`sub` of VAPID tokens, a `mailto:` or `https:` URL of the operator; set your own",
    form: { pattern: /^(mailto:\S+@\S+|https:\/\/\S+)$/, wording: "a mailto: or https: URL" },
  },
  /** How long a push service keeps a push for a device that is offline. */
  PUSH_TTL_SECONDS: {
    default: 86_400,
    min: 0,
    max: 2_419_200,
    kind: "policy",
    doc: "`TTL` of a push: how long a push service holds it for an offline device",
  },
  /** Characters of a message's text a push shows (with previews on). */
  PUSH_PREVIEW_CHARS: {
    default: 140,
    min: 1,
    max: 500,
    kind: "policy",
    doc: "characters of the message a push shows, when the user has previews on",
  },
  /** Rooms whose notification one push may ask the device to close. */
  PUSH_CLOSE_MAX: {
    default: 10,
    min: 0,
    max: 20,
    kind: "internal",
    doc: "rooms whose stale notification one push closes",
  },
  /** First wait before sending a failed push again (a 5xx without `Retry-After`). */
  PUSH_RETRY_SECONDS: {
    default: 10,
    min: 1,
    kind: "internal",
    doc: "first wait before retrying a push the service failed; doubles per attempt",
  },
  /** The longest wait before a retry, `Retry-After` included (Queues allow 12 hours). */
  PUSH_RETRY_MAX_SECONDS: {
    default: 3_600,
    min: 1,
    max: 43_200,
    kind: "internal",
    doc: "longest wait before retrying a push, a push service's `Retry-After` included",
  },
} as const satisfies Table;
