/** The Hono application: middleware, routes and the one error handler. */
import { Hono } from "hono";
import type { AppEnv } from "./http/context";
import { ApiError } from "./http/errors";
import { withSettings } from "./http/middleware";
import { noStrayQuery } from "./http/query";
import { securityHeaders } from "./http/security-headers";
import type { ErrorBody } from "./protocol";
import { authRoutes } from "./routes/auth";
import { blockRoutes } from "./routes/blocks";
import { mediaLinkRoutes, mediaRoutes } from "./routes/media";
import { objectPostRoutes, objectTokenRoutes } from "./routes/object-tokens";
import { objectRoutes } from "./routes/objects";
import { pushRoutes } from "./routes/push";
import { operatorRoutes, reportRoutes } from "./routes/reports";
import { roomRoutes } from "./routes/rooms";
import { searchRoutes } from "./routes/search";
import { socketRoutes } from "./routes/socket";
import { meRoutes, userRoutes } from "./routes/users";

export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // First, so that it sees every answer: errors and not-found ones too.
  app.use("*", securityHeaders());
  app.use("/api/*", withSettings());
  app.use("/api/*", noStrayQuery());
  app.get("/api/health", (c) => c.json({ ok: true }));
  app.route("/api/auth", authRoutes);
  app.route("/api/me/blocks", blockRoutes);
  app.route("/api/me", meRoutes);
  app.route("/api/users", userRoutes);
  app.route("/api/rooms", roomRoutes);
  app.route("/api/push", pushRoutes);
  // The object's own route (an object token) and its tokens' routes before the signed-in
  // routes of objects, whose access-token check would refuse an object token.
  app.route("/api/objects", objectPostRoutes);
  app.route("/api/objects", objectTokenRoutes);
  app.route("/api/objects", objectRoutes);
  app.route("/api/media", mediaLinkRoutes);
  app.route("/api/media", mediaRoutes);
  app.route("/api/search", searchRoutes);
  app.route("/api/reports", reportRoutes);
  app.route("/api/operator", operatorRoutes);
  app.route("/api/socket", socketRoutes);

  app.notFound((c) => {
    const body: ErrorBody = { error: { code: "not_found", message: "no such route" } };
    return c.json(body, 404);
  });

  // Clients get a stable code and message; stacks and internals stay in the log.
  app.onError((error, c) => {
    const answer = ApiError.of(error);
    if (answer) {
      for (const [name, value] of Object.entries(answer.headers)) c.header(name, value);
      return c.json(answer.body(), answer.status);
    }
    console.error(`${c.req.method} ${new URL(c.req.url).pathname} failed:`, error);
    const body: ErrorBody = { error: { code: "internal", message: "internal error" } };
    return c.json(body, 500);
  });
  return app;
}
