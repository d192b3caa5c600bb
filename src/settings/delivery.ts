/** Settings of fanout, from a room to its members' sessions: rows of the settings table (./table.ts). */
import type { Table } from "./entry";

export const DELIVERY_SETTINGS = {
  /** Messages per fanout call to one member's session. */
  FANOUT_BATCH_MAX: {
    default: 100,
    min: 1,
    kind: "internal",
    doc: "messages per delivery call to one member's session",
  },
  /** First retry delay after a failed delivery to a member; doubles up to the maximum. */
  FANOUT_RETRY_MS: {
    default: 1_000,
    min: 1,
    kind: "internal",
    doc: "first retry delay after a failed delivery; doubles per failure",
  },
  FANOUT_RETRY_MAX_MS: {
    default: 60_000,
    min: 1,
    kind: "internal",
    doc: "longest retry delay",
  },
  /**
   * The session window of members with the room open on some device: they already got each
   * message live, so the room releases them to their sessions one at a time, spread evenly
   * over this window, each for one batch of all it lacks (up to FANOUT_BATCH_MAX). Their log
   * and inbox may lag up to about two windows. The floor: while quiet members wait, the room
   * looks again once a window, so a window of 0 would spin.
   */
  FANOUT_LIVE_DELAY_MS: {
    default: 1_000,
    min: 1,
    kind: "internal",
    doc: "members with the room open get session batches spread evenly over this window, one each",
  },
  /**
   * The session window of members whose every connected device has the room open: their
   * devices have each message already, and the session call only keeps their log and inbox,
   * so it comes once a cycle this long instead, at a moment of the cycle fixed per member
   * (so a room's quiet members are spread over it). The session says so in its answer to each
   * batch. A device connected elsewhere brings the member back to FANOUT_LIVE_DELAY_MS from
   * the next batch, and so do a full batch (more is waiting) and closing one of their room
   * sockets. A cycle of 0 would give quiet members no moment in it: they would never be
   * released.
   */
  FANOUT_QUIET_DELAY_MS: {
    default: 5_000,
    min: 1,
    kind: "internal",
    doc: "the same for members whose every connected device has the room open: their session only keeps the log and inbox",
  },
  /**
   * How long a room keeps its members' delivery progress in memory before writing it, all
   * in one transaction. An eviction loses at most this much progress, which costs only a
   * redelivery (sessions drop repeats).
   */
  FANOUT_PROGRESS_FLUSH_MS: {
    default: 500,
    min: 0,
    kind: "internal",
    doc: "delivery progress kept in memory this long, then written in one transaction",
  },
  /** Deliveries from one room to members' sessions in flight at once. */
  FANOUT_CONCURRENCY: {
    default: 100,
    min: 1,
    kind: "internal",
    doc: "session calls from one room in flight at once",
  },
} as const satisfies Table;
