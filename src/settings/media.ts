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
} as const satisfies Table;
