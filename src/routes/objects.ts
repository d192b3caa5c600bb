/**
 * Objects over HTTP: create, read, edit, list one owner's, delete. Anyone signed in reads an
 * object (it is a listing); only its owner changes it. A deleted object answers 404 here;
 * its chats keep its card.
 */

import { type Context, Hono } from "hono";
import { roomStub } from "../durable/stubs";
import type { AppEnv } from "../http/context";
import { ApiError, unwrap } from "../http/errors";
import { hourly } from "../http/hourly";
import { limit, readJson, requireAuth } from "../http/middleware";
import { pageLimit, query } from "../http/query";
import { attachPictures, uploadIds } from "../media/pictures";
import { release } from "../media/store";
import { askRefusal, editedColumns, newObject } from "../objects/change";
import { objectJob } from "../objects/job";
import { hasChat, objectRooms, recordObjectRoom } from "../objects/rooms";
import { columnsOf } from "../objects/rows";
import { editObject, findObject, insertObject, markDeleted, ownerPage } from "../objects/store";
import {
  type ChatObject,
  CreateObjectBody,
  cardOf,
  DealBody,
  ObjectsQuery,
  objectRoomId,
  shownObject,
  UpdateObjectBody,
} from "../protocol";
import { blockedAmong } from "../safety/blocks";
import { noSuchObject, objectOf, ownedObject } from "./object-access";

/**
 * Tells the object's chats of a change (src/objects/fanout.ts). The change is stored with its
 * event already: when the queue cannot take the job now, the sweep sends it within a minute,
 * so the owner's request still succeeds.
 */
async function announce(c: Context<AppEnv>, objectId: string, version: number): Promise<void> {
  try {
    await c.env.OBJECT_QUEUE.send(objectJob(objectId, version));
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    console.error(`object ${objectId} v${version}: not queued (the sweep will send it): ${text}`);
  }
}

/**
 * Attaches the uploads among an object's images to it (src/media/pictures.ts); after the
 * change is stored, `release` lets go of those it no longer shows.
 */
async function attachImages(
  c: Context<AppEnv>,
  objectId: string,
  images: readonly string[],
): Promise<{ release(): Promise<void> }> {
  const ids = uploadIds(images);
  const target = { kind: "object" as const, to: objectId, ownerId: c.var.identity.userId };
  const attached = await attachPictures(c.env.DB, { ...target, now: Date.now() }, ids);
  if (!attached.ok) throw new ApiError(400, "bad_attachment", attached.message);
  return { release: () => release(c.env.DB, { ...target, now: Date.now() }, ids) };
}

/** An owner's change, stored with its event, then told to the object's chats. */
async function applyChange(
  c: Context<AppEnv>,
  objectId: string,
  columns: [string, string | number | null][],
): Promise<ChatObject> {
  const edited = await editObject(c.env.DB, objectId, columns, Date.now());
  if (!edited) throw noSuchObject();
  await announce(c, edited.id, edited.version);
  return shownObject(edited);
}

export const objectRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .get("/", query(ObjectsQuery), async (c) => {
    const { OBJECTS_PAGE_DEFAULT, OBJECTS_PAGE_MAX } = c.var.settings;
    const params = c.req.valid("query");
    const size = pageLimit(params.limit, OBJECTS_PAGE_MAX, OBJECTS_PAGE_DEFAULT);
    const owner = params.owner ?? c.var.identity.userId;
    const page = await ownerPage(c.env.DB, owner, size, params.cursor ?? null);
    return c.json({ ...page, objects: page.objects.map(shownObject) });
  })
  .post("/", limit("change"), async (c) => {
    const body = await readJson(c, CreateObjectBody);
    const me = c.var.identity.userId;
    await hourly(c, "objects:create", c.var.settings.OBJECT_CREATE_MAX_PER_HOUR, "new objects");
    const object = newObject(crypto.randomUUID(), me, body, Date.now());
    await attachImages(c, object.id, object.images);
    await insertObject(c.env.DB, object);
    return c.json(shownObject(object), 201);
  })
  .get("/:objectId", async (c) => c.json(shownObject(await objectOf(c))))
  .patch("/:objectId", limit("change"), async (c) => {
    const change = await readJson(c, UpdateObjectBody);
    const object = await ownedObject(c);
    const images = change.images ? await attachImages(c, object.id, change.images) : null;
    const edited = await applyChange(c, object.id, editedColumns(change));
    await images?.release();
    return c.json(edited);
  })
  /** The deal: reserved for, or sold to, an asker who has a chat about the object. */
  .post("/:objectId/deal", limit("change"), async (c) => {
    const deal = await readJson(c, DealBody);
    const object = await ownedObject(c);
    if (object.status === "closed") {
      throw new ApiError(
        409,
        "object_unavailable",
        "the object is closed; make it available first",
      );
    }
    if (!(await hasChat(c.env.DB, object.id, deal.askerId))) {
      throw new ApiError(404, "not_found", "that user has no chat about this object");
    }
    const columns = columnsOf({ status: deal.status, dealWith: deal.askerId });
    return c.json(await applyChange(c, object.id, columns));
  })
  /**
   * "Ask about this": the one room of this asker and the object's owner, opened again when
   * it exists (200), else created (201) if the object takes new chats.
   */
  .post("/:objectId/chats", limit("change"), async (c) => {
    const object = await objectOf(c);
    const me = c.var.identity.userId;
    const roomId = objectRoomId(object.id, me);
    const stub = roomStub(c.env, roomId);
    const chat = { objectId: object.id, askerId: me, roomId, createdAt: Date.now() };
    const existing = await stub.details(me);
    if (existing.ok) {
      await recordObjectRoom(c.env.DB, chat);
      return c.json(existing.value);
    }
    if ((await blockedAmong(c.env.DB, me, [object.ownerId])).length > 0) {
      throw new ApiError(403, "blocked", "a block stands between you and this object's owner");
    }
    const refusal = askRefusal(object, me);
    if (refusal)
      throw new ApiError(refusal.code === "bad_request" ? 400 : 409, refusal.code, refusal.message);
    await hourly(
      c,
      "objects:ask",
      c.var.settings.OBJECT_ASK_MAX_PER_HOUR,
      "new chats about objects",
    );
    const details = unwrap(
      await stub.create({
        id: roomId,
        kind: "object",
        title: object.title,
        subject: object.id,
        card: cardOf(object),
        ownerId: me,
        memberIds: [object.ownerId],
      }),
    );
    await recordObjectRoom(c.env.DB, chat);
    // A change made since the object was read may have missed this chat: catch it up.
    const now = await findObject(c.env.DB, object.id);
    if (now && now.object.version > object.version) {
      await stub.catchUpObject(object.id, now.object.version);
    }
    return c.json(details, 201);
  })
  /** The chats about an object, oldest first: its owner's list. */
  .get("/:objectId/chats", async (c) => {
    const object = await ownedObject(c);
    const chats = await objectRooms(c.env.DB, object.id, c.var.settings.OBJECT_CHATS_LIST_MAX);
    return c.json({ chats });
  })
  .delete("/:objectId", limit("change"), async (c) => {
    const object = await ownedObject(c);
    const version = await markDeleted(c.env.DB, object.id, Date.now());
    if (version === null) throw noSuchObject();
    await announce(c, object.id, version);
    return c.body(null, 204);
  });
