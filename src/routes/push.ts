/**
 * Push notifications over HTTP: the server's VAPID key, and the calling device's push
 * subscription (one per device). The session keeps subscriptions (src/durable/session-push.ts).
 */
import { type Context, Hono } from "hono";
import { base64url } from "../auth/encoding";
import type { AppEnv } from "../http/context";
import { ApiError } from "../http/errors";
import { limit, readJson, requireAuth, sessionOf } from "../http/middleware";
import { type PushKey, PushSubscriptionBody } from "../protocol";
import { vapidKeys } from "../push/keys";
import { isPushService } from "../push/services";

/** The VAPID keys, or 503 when the server has none. */
async function requireKeys(c: Context<AppEnv>) {
  const keys = vapidKeys(c.env);
  if (!keys) {
    throw new ApiError(
      503,
      "push_unavailable",
      "this server is not set up to send push notifications",
    );
  }
  return keys;
}

export const pushRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .use(async (c, next) => {
    await requireKeys(c);
    await next();
  })
  .get("/key", async (c) => {
    const { publicKey } = await requireKeys(c);
    const body: PushKey = { publicKey: base64url(publicKey) };
    return c.json(body);
  })
  .get("/subscription", async (c) =>
    c.json(await sessionOf(c).pushSubscription(c.var.identity.deviceId)),
  )
  .put("/subscription", limit("change"), async (c) => {
    const body = await readJson(c, PushSubscriptionBody);
    if (!isPushService(body.endpoint, c.var.settings.PUSH_SERVICES)) {
      throw new ApiError(400, "validation_failed", "endpoint is not on a known push service");
    }
    return c.json(await sessionOf(c).subscribePush(c.var.identity.deviceId, body));
  })
  .delete("/subscription", limit("change"), async (c) => {
    await sessionOf(c).unsubscribePush(c.var.identity.deviceId);
    return c.body(null, 204);
  });
