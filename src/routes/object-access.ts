/** The object a route names in its path: found, not deleted, and (for changes) the caller's. */
import type { Context } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../http/context";
import { ApiError } from "../http/errors";
import { findObject } from "../objects/store";
import { type ChatObject, parseBody } from "../protocol";

const ObjectId = v.pipe(v.string(), v.uuid("not an object id"));

export const noSuchObject = () => new ApiError(404, "not_found", "no such object");

/** The object named in the path, not deleted; 404 otherwise. */
export async function objectOf(c: Context<AppEnv>): Promise<ChatObject> {
  const id = parseBody(ObjectId, c.req.param("objectId") ?? "");
  if (!id.ok) throw noSuchObject();
  const stored = await findObject(c.env.DB, id.value);
  if (!stored || stored.deletedAt !== null) throw noSuchObject();
  return stored.object;
}

/** The object named in the path, when the caller owns it: 403 for anyone else. */
export async function ownedObject(c: Context<AppEnv>): Promise<ChatObject> {
  const object = await objectOf(c);
  if (object.ownerId !== c.var.identity.userId) {
    throw new ApiError(403, "forbidden", "only the object's owner may change it");
  }
  return object;
}
