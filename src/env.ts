import type { ChatRoom } from "./durable/chat-room";
import type { UserSession } from "./durable/user-session";
import type { ObjectJob } from "./objects/job";
import type { PushJob } from "./push/job";

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
  /** Push jobs, one per user and delivery (src/push/consumer.ts takes them). */
  PUSH_QUEUE: Queue<PushJob>;
  /** Media bytes (src/media/), keyed `media/<id>`; their metadata is in D1. */
  MEDIA: R2Bucket;
  /** Object jobs: a change every chat about the object must hear of (src/objects/fanout.ts). */
  OBJECT_QUEUE: Queue<ObjectJob>;
  /**
   * The VAPID key pair (src/push/keys.ts), secrets like JWT_SECRET. Without them no push is
   * sent and the push routes answer 503 `push_unavailable`.
   */
  VAPID_PUBLIC_KEY?: string;
  VAPID_PRIVATE_KEY?: string;
  /**
   * The operator's secret for `/api/operator/*` (src/http/operator.ts), at least 32
   * characters; without it those routes do not exist (404).
   */
  OPERATOR_TOKEN?: string;
  [setting: string]: unknown;
}
