/** Settings of media (photos and files, src/media/): rows of the settings table (./table.ts). */
import type { Table } from "./entry";

export const MEDIA_SETTINGS = {
  /**
   * The largest file, in bytes: an upload declaring more is refused before its body is read
   * (well under the edge's own request limit, 100 MB on the Free and Pro plans).
   */
  MEDIA_BYTES_MAX: {
    default: 25 * 1024 * 1024,
    min: 1,
    kind: "policy",
    doc: "largest file an upload may be, in bytes (checked before the body is read)",
  },
  /** Uploads a user may make per hour (a fixed window, counted in D1). */
  MEDIA_UPLOADS_MAX_PER_HOUR: {
    default: 200,
    min: 1,
    kind: "policy",
    doc: "uploads a user may make per hour (fixed windows, counted in D1)",
  },
  /**
   * The largest thumbnail (`POST /api/media?thumb=`), in bytes: a small preview a client
   * shows before the file itself arrives.
   */
  MEDIA_THUMB_BYTES_MAX: {
    default: 100 * 1024,
    min: 1,
    kind: "policy",
    doc: "largest thumbnail an image may carry, in bytes",
  },
  /** How long a file link (`POST /api/media/links`) serves, in seconds. */
  MEDIA_LINK_TTL_SECONDS: {
    default: 3600,
    min: 1,
    kind: "policy",
    doc: "how long a file link serves, in seconds (access is checked again on each fetch)",
  },
  /** An upload attached to nothing for this long is deleted by the sweep, in seconds. */
  MEDIA_UNATTACHED_SECONDS: {
    default: 24 * 3600,
    min: 1,
    kind: "policy",
    doc: "seconds an upload may stay attached to nothing before the sweep deletes it",
  },
  /** Files one sweep deletes at most (it runs every minute with the cron). */
  MEDIA_SWEEP_MAX: {
    default: 100,
    min: 1,
    kind: "internal",
    doc: "unattached uploads one sweep deletes at most (the cron runs it every minute)",
  },
} as const satisfies Table;
