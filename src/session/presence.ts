/**
 * Presence, the book's presence servers as part of each user's session object: the user is
 * online while at least one socket has a fresh heartbeat. Only viewers holding a live lease
 * (from `watch` on a room they share) hear of changes, so a busy group causes no storm. A
 * hidden user reads as offline with no last-seen time.
 */
import type { PresenceState } from "../protocol";
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

  /** Starts or renews a viewer's lease. */
  watch(viewerId: string, expiresAt: number): void {
    this.viewerLeases.renew(viewerId, expiresAt);
  }

  /** Viewers with a live lease at `now`; lapsed leases are dropped. */
  viewers(now: number): string[] {
    return this.viewerLeases.live(now);
  }
}

function samePresence(a: PresenceState, b: PresenceState): boolean {
  return a.online === b.online && a.lastSeenAt === b.lastSeenAt;
}

/**
 * The heartbeat sweep of an object's sockets (session or room sockets alike): the sockets
 * silent for longer than `timeoutMs`, the ones still live, and when the next sweep is due
 * (null when none is live). A socket's last sign of life is its last auto-answered ping, or
 * when it connected (`connectedAt`, from its attachment).
 */
export function sweepSockets(
  ctx: DurableObjectState,
  connectedAt: (ws: WebSocket) => number,
  now: number,
  timeoutMs: number,
): { stale: WebSocket[]; live: WebSocket[]; next: number | null } {
  const stale: WebSocket[] = [];
  const live: WebSocket[] = [];
  let quietest = Number.POSITIVE_INFINITY;
  for (const ws of ctx.getWebSockets()) {
    const ping = ctx.getWebSocketAutoResponseTimestamp(ws)?.getTime() ?? 0;
    const lastBeatAt = Math.max(ping, connectedAt(ws));
    if (now - lastBeatAt > timeoutMs) {
      stale.push(ws);
    } else {
      live.push(ws);
      quietest = Math.min(quietest, lastBeatAt);
    }
  }
  return { stale, live, next: live.length > 0 ? quietest + timeoutMs + 1 : null };
}
