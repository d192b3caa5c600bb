import type { ChatRoom } from "./durable/chat-room";
import type { UserSession } from "./durable/user-session";

/**
 * Bindings and variables of the Worker, as declared in wrangler.toml. Settings variables are
 * optional strings; src/settings.ts parses them.
 */
export interface Env {
  DB: D1Database;
  USER_SESSION: DurableObjectNamespace<UserSession>;
  CHAT_ROOM: DurableObjectNamespace<ChatRoom>;
  /** HMAC secret for access tokens: `.dev.vars` locally, `wrangler secret put` in production. */
  JWT_SECRET: string;
  [setting: string]: unknown;
}
