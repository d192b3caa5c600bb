/**
 * The heartbeat sweep of an object's sockets, the same for session and room sockets: which
 * are silent past the timeout, and when the next sweep is due.
 */

/**
 * The sweep of an object's sockets: those silent for longer than `timeoutMs`, the ones still
 * live, and when the next sweep is due (null when none is live). A socket's last sign of life
 * is its last auto-answered ping, or when it connected (`connectedAt`, from its attachment).
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
  return { stale, live, next: live.length > 0 ? firstSweepAt(quietest, timeoutMs) : null };
}

/**
 * When a socket whose last sign of life was at `lastBeatAt` is first past the timeout: the
 * sweep then is the earliest that could close it.
 */
export function firstSweepAt(lastBeatAt: number, timeoutMs: number): number {
  return lastBeatAt + timeoutMs + 1;
}
