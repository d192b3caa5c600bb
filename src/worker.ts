/**
 * The Worker entry: the Hono app for HTTP and the socket upgrade, a scheduled sweep of
 * expired rows (and of archive rows still to fold for search), and the Durable Object
 * classes.
 */
import { createApp } from "./app";
import { sweepExpired } from "./auth/devices";
import type { Env } from "./env";
import { refoldArchive } from "./search/refold";
import { settingsFor } from "./settings";

export { ChatRoom } from "./durable/chat-room";
export { UserSession } from "./durable/user-session";

const app = createApp();

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, _ctx) {
    const settings = settingsFor(env);
    await sweepExpired(env.DB, Date.now(), settings.SIGNIN_WINDOW_SECONDS * 1000);
    await refoldArchive(env.DB, settings.ARCHIVE_REFOLD_PER_SWEEP, settings.ARCHIVE_CHUNK);
  },
} satisfies ExportedHandler<Env>;
