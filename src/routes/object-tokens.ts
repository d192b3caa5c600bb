/**
 * Objects that post: their owner makes, lists and revokes an object's tokens (signed in,
 * bearer access token), and the object posts with one (`POST /api/objects/:id/posts`, the
 * object token as bearer) into one asker's chat or into all of them. A post is a message of
 * kind `object` with no sender; each token is held to OBJECT_TOKEN_POSTS_PER_MINUTE.
 */
import { Hono } from "hono";
import { throttle } from "../auth/throttle";
import { roomStub } from "../durable/stubs";
import type { AppEnv } from "../http/context";
import { ApiError, unwrap } from "../http/errors";
import { limit, readJson, requireAuth } from "../http/middleware";
import { objectJob } from "../objects/job";
import { chatCount, hasChat } from "../objects/rooms";
import { createToken, listTokens, revokeToken, useToken } from "../objects/tokens";
import {
  CreateObjectTokenBody,
  type ObjectPostAccepted,
  ObjectPostBody,
  objectRoomId,
} from "../protocol";
import { objectOf, ownedObject } from "./object-access";

const BEARER = /^bearer +(\S+)$/i;

const unauthorized = (code: "unauthorized" | "invalid_token", message: string) =>
  new ApiError(401, code, message, {
    "WWW-Authenticate": `Bearer realm="edge-chat-objects"${code === "invalid_token" ? ', error="invalid_token"' : ""}`,
  });

/** The owner's routes: the object's tokens. */
export const objectTokenRoutes = new Hono<AppEnv>()
  .use("/:objectId/tokens", requireAuth())
  .use("/:objectId/tokens/*", requireAuth())
  .post("/:objectId/tokens", limit("change"), async (c) => {
    const { name } = await readJson(c, CreateObjectTokenBody);
    const object = await ownedObject(c);
    const max = c.var.settings.OBJECT_TOKENS_MAX;
    const made = await createToken(c.env.DB, object.id, name, max, Date.now());
    if (!made) {
      throw new ApiError(400, "bad_request", `an object has at most ${max} tokens; revoke one`);
    }
    return c.json(made, 201);
  })
  .get("/:objectId/tokens", async (c) => {
    const object = await ownedObject(c);
    return c.json({ tokens: await listTokens(c.env.DB, object.id) });
  })
  .delete("/:objectId/tokens/:tokenId", limit("change"), async (c) => {
    const object = await ownedObject(c);
    const tokenId = c.req.param("tokenId");
    if (!(await revokeToken(c.env.DB, object.id, tokenId, Date.now()))) {
      throw new ApiError(404, "not_found", "no such token");
    }
    return c.body(null, 204);
  });

/** The object's own route: a post, with an object token as bearer. */
export const objectPostRoutes = new Hono<AppEnv>().post("/:objectId/posts", async (c) => {
  const credential = BEARER.exec(c.req.header("Authorization") ?? "")?.[1];
  if (!credential) throw unauthorized("unauthorized", "an object token is required");
  const now = Date.now();
  const token = await useToken(c.env.DB, credential, now);
  if (!token) throw unauthorized("invalid_token", "not a live object token");
  const object = await objectOf(c);
  if (token.objectId !== object.id) {
    throw new ApiError(403, "forbidden", "this token posts for another object");
  }
  const max = c.var.settings.OBJECT_TOKEN_POSTS_PER_MINUTE;
  await throttle(
    c.env.DB,
    `objects:post:${token.id}`,
    max,
    60,
    now,
    `at most ${max} posts a minute with one token; try again later`,
  );
  const post = await readJson(c, ObjectPostBody);
  const message = { clientMsgId: post.clientMsgId, body: post.body };
  if (post.askerId !== undefined) {
    if (!(await hasChat(c.env.DB, object.id, post.askerId))) {
      throw new ApiError(404, "not_found", "that user has no chat about this object");
    }
    const room = roomStub(c.env, objectRoomId(object.id, post.askerId));
    const sent = unwrap(await room.postAsObject(object.id, message));
    return c.json(sent, sent.duplicate ? 200 : 201);
  }
  const chats = await chatCount(c.env.DB, object.id);
  if (chats === 0) throw new ApiError(404, "not_found", "the object has no chats to post into");
  await c.env.OBJECT_QUEUE.send({ ...objectJob(object.id, object.version), post: message });
  return c.json({ clientMsgId: post.clientMsgId, chats } satisfies ObjectPostAccepted, 202);
});
