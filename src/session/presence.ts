/**
 * Presence, the book's presence servers as part of each user's session object: the user is
 * online while at least one socket has a fresh heartbeat. Only viewers holding a live lease
 * (from `watch` on a room they share) hear of changes, so a busy group causes no storm. A
 * hidden user reads as offline with no last-seen time.
 */
import type { PresenceState } from "../protocol";
import { WS_OPEN } from "../sockets/socket";
import { LeaseTable } from "../storage/leases";
import { num, optNum } from "../storage/rows";

export class PresenceStore {
  private readonly viewerLeases: LeaseTable;

  constructor(private readonly sql: SqlStorage) {
    this.viewerLeases = new LeaseTable(sql, "presence_watchers", "viewer_id");
  }

  /** The true state (hidden or not). */
  private row(): { online: boolean; lastSeenAt: number | null; hidden: boolean } {
    const row = this.sql.exec("SELECT * FROM presence").toArray()[0];
    if (!row) return { online: false, lastSeenAt: null, hidden: false };
    return {
      online: num(row, "online") === 1,
      lastSeenAt: optNum(row, "last_seen_at"),
      hidden: num(row, "hidden") === 1,
    };
  }

  /** What viewers see. */
  visible(userId: string): PresenceState {
    const { online, lastSeenAt, hidden } = this.row();
    if (hidden) return { userId, online: false, lastSeenAt: null };
    return { userId, online, lastSeenAt: online ? null : lastSeenAt };
  }

  hidden(): boolean {
    return this.row().hidden;
  }

  /** The user this session belongs to, once a socket has told it. */
  userId(): string | null {
    const row = this.sql.exec("SELECT user_id FROM presence").toArray()[0];
    return typeof row?.user_id === "string" ? row.user_id : null;
  }

  /** Records whether any socket is live. True when what viewers see changed. */
  setOnline(userId: string, online: boolean, now: number): boolean {
    const before = this.visible(userId);
    const current = this.row();
    this.sql.exec("UPDATE presence SET user_id = ? WHERE user_id IS NOT ?", userId, userId);
    if (current.online === online) return false;
    this.sql.exec(
      "UPDATE presence SET online = ?, last_seen_at = ?",
      online ? 1 : 0,
      online ? current.lastSeenAt : now,
    );
    return !samePresence(before, this.visible(userId));
  }

  /** True when what viewers see changed. */
  setHidden(userId: string, hidden: boolean): boolean {
    const before = this.visible(userId);
    this.sql.exec("UPDATE presence SET hidden = ?", hidden ? 1 : 0);
    return !samePresence(before, this.visible(userId));
  }

  /**
   * This user blocked `viewer` (or no longer): a blocked viewer sees them offline with no
   * last-seen time, holds no lease, and hears no change.
   */
  setBlocked(viewer: string, on: boolean): void {
    if (on) {
      this.sql.exec("INSERT OR IGNORE INTO blocked (user_id) VALUES (?)", viewer);
      this.viewerLeases.drop(viewer);
    } else {
      this.sql.exec("DELETE FROM blocked WHERE user_id = ?", viewer);
    }
  }

  isBlocked(viewer: string): boolean {
    return this.sql.exec("SELECT 1 FROM blocked WHERE user_id = ?", viewer).toArray().length > 0;
  }

  /** Starts or renews a viewer's lease. */
  watch(viewerId: string, expiresAt: number): void {
    this.viewerLeases.renew(viewerId, expiresAt);
  }

  /** Viewers with a live lease at `now`; lapsed leases are dropped. */
  viewers(now: number): string[] {
    return this.viewerLeases.live(now);
  }
}

/**
 * Whether the user is online, with a socket open that is not in `gone` (closing now).
 * Sockets already closing are still listed by the runtime but do not count.
 */
export function anyOpen<S extends { readyState: number }>(
  sockets: readonly S[],
  gone: ReadonlySet<S>,
): boolean {
  return sockets.some((ws) => !gone.has(ws) && ws.readyState === WS_OPEN);
}

/**
 * When a viewer's lease on this user's presence ends: as the viewer asked, but never
 * beyond `leaseMs` from now, whatever another session asks.
 */
export function presenceLeaseEnd(askedUntil: number, now: number, leaseMs: number): number {
  return Math.min(askedUntil, now + leaseMs);
}

function samePresence(a: PresenceState, b: PresenceState): boolean {
  return a.online === b.online && a.lastSeenAt === b.lastSeenAt;
}
