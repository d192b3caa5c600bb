/** The session logic the UserSession object runs over its store: catch-up on hello. */
import type { ServerFrame } from "../protocol";
import type { Settings } from "../settings";
import type { SocketAttachment } from "./connection";
import type { SessionStore } from "./store";
import { planCatchUp } from "./sync";

/**
 * The answer to `hello {cursor}`: `welcome`, then either every logged event after the cursor
 * (in order) or one `resync` naming each room's newest seq. Built synchronously from storage,
 * so no event can slip in between the welcome and the catch-up.
 */
export function hello(
  store: SessionStore,
  socket: SocketAttachment,
  input: { ref?: string; cursor: number },
  now: number,
  settings: Settings,
): ServerFrame[] {
  const latest = store.latest();
  const frames: ServerFrame[] = [
    {
      type: "welcome",
      ...(input.ref ? { ref: input.ref } : {}),
      userId: socket.userId,
      deviceId: socket.deviceId,
      cursor: latest,
      serverTime: now,
      heartbeatIntervalMs: settings.HEARTBEAT_INTERVAL_MS,
      // Often enough to renew before the signal expires, never faster than it is relayed.
      typingIntervalMs: Math.max(
        settings.TYPING_THROTTLE_MS,
        Math.floor(settings.TYPING_TTL_MS / 3),
      ),
    },
  ];
  const plan = planCatchUp(input.cursor, latest, store.log.oldest());
  if (plan.kind === "replay") {
    frames.push(...store.log.eventsAfter(input.cursor, latest - input.cursor));
  } else if (plan.kind === "resync") {
    // The newest rooms only: a device pages the rest from the inbox, from `inboxCursor`.
    const page = store.inboxPage(settings.RESYNC_ROOMS_MAX, null);
    frames.push({
      type: "resync",
      cursor: latest,
      rooms: page.rooms.map((entry) => ({
        room: {
          id: entry.id,
          kind: entry.kind,
          title: entry.title,
          ...(entry.card ? { card: entry.card } : {}),
        },
        lastSeq: entry.lastSeq,
        readSeq: entry.readSeq,
        unreadCount: entry.unreadCount,
        muted: entry.muted,
        membership: entry.membership,
      })),
      inboxCursor: page.nextCursor,
      doNotDisturbUntil: store.doNotDisturbUntil(),
      previews: store.previews(),
    });
  }
  if (plan.kind !== "resync") store.cursors.set(socket.deviceId, input.cursor, now);
  return frames;
}
