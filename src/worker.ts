/**
 * The Worker entry: the Hono app for HTTP and the socket upgrade, the push queue's consumer,
 * the scheduled sweeps (expired rows, archive rows still to fold for search, owed socket
 * closes, unattached uploads), and the Durable Object classes.
 */
import { createApp } from "./app";
import { sweepExpired } from "./auth/devices";
import { holdersIn, retryOwedCloses } from "./auth/revocation";
import type { Env } from "./env";
import { sweepMedia } from "./media/sweep";
import { consumeObjectBatch, resendUndelivered } from "./objects/fanout";
import { consumePushBatch } from "./push/consumer";
import { refoldArchive } from "./search/refold";
import { HOUR_WINDOW_SECONDS, settingsFor } from "./settings";

export { ChatRoom } from "./durable/chat-room";
export { UserSession } from "./durable/user-session";

const app = createApp();

/** wrangler.toml `[triggers] crons`: every minute, and the hourly sweep. */
export const CRONS = { closes: "* * * * *", sweep: "17 * * * *" } as const;

export default {
  fetch: app.fetch,
  /** The queues (wrangler.toml [[queues.consumers]]): pushes to send, object changes to tell. */
  async queue(batch, env) {
    if (batch.queue.startsWith("edge-chat-objects")) await consumeObjectBatch(batch, env);
    else await consumePushBatch(batch, env);
  },
  async scheduled(controller, env, _ctx) {
    const settings = settingsFor(env);
    if (controller.cron === CRONS.sweep) {
      // Rate-limit rows go once past the longest window any of them counts over.
      const windowMs = Math.max(settings.SIGNIN_WINDOW_SECONDS, HOUR_WINDOW_SECONDS) * 1000;
      await sweepExpired(env.DB, Date.now(), windowMs);
      await refoldArchive(env.DB, settings.ARCHIVE_REFOLD_PER_SWEEP, settings.ARCHIVE_CHUNK);
      return;
    }
    // Sockets of revoked devices whose close did not get through (see revocation.ts).
    await retryOwedCloses(env.DB, holdersIn(env), Date.now(), settings.OWED_CLOSES_PER_SWEEP);
    // Object changes whose job was lost (see src/objects/events.ts).
    await resendUndelivered(env, Date.now());
    // Uploads no message, object or profile took (see src/media/sweep.ts).
    const { MEDIA_UNATTACHED_SECONDS, MEDIA_SWEEP_MAX } = settings;
    await sweepMedia(env.DB, env.MEDIA, Date.now(), MEDIA_UNATTACHED_SECONDS, MEDIA_SWEEP_MAX);
  },
} satisfies ExportedHandler<Env>;
