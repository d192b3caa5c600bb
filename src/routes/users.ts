/**
 * The caller's profile, presence and notification settings, and looking up other users by
 * username.
 */
import { Hono } from "hono";
import * as v from "valibot";
import {
  findById,
  findByUsername,
  publicUsers,
  toProfile,
  toPublicUser,
  updateProfile,
} from "../auth/users";
import type { AppEnv } from "../http/context";
import { ApiError } from "../http/errors";
import { limit, readJson, requireAuth, sessionOf } from "../http/middleware";
import { query } from "../http/query";
import { attachPictures } from "../media/pictures";
import { release } from "../media/store";
import {
  NotificationPrefsBody,
  PresenceSettingsBody,
  parseBody,
  UpdateProfileBody,
  UserLookupQuery,
  Username,
} from "../protocol";

const accountGone = () => new ApiError(404, "not_found", "account not found");

export const meRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .get("/", async (c) => {
    const user = await findById(c.env.DB, c.var.identity.userId);
    if (!user) throw accountGone();
    return c.json(toProfile(user));
  })
  .patch("/", limit("change"), async (c) => {
    const body = await readJson(c, UpdateProfileBody);
    const me = c.var.identity.userId;
    const target = { kind: "avatar" as const, to: me, ownerId: me };
    const avatar = body.avatarId ? [body.avatarId] : [];
    if (body.avatarId !== undefined) {
      const attached = await attachPictures(c.env.DB, { ...target, now: Date.now() }, avatar);
      if (!attached.ok) throw new ApiError(400, "bad_attachment", attached.message);
    }
    const user = await updateProfile(c.env.DB, me, body, Date.now());
    if (!user) throw accountGone();
    if (body.avatarId !== undefined) {
      await release(c.env.DB, { ...target, now: Date.now() }, avatar);
    }
    return c.json(toProfile(user));
  })
  .get("/notifications", async (c) => c.json(await sessionOf(c).notificationPrefs()))
  .put("/notifications", limit("change"), async (c) => {
    const body = await readJson(c, NotificationPrefsBody);
    return c.json(await sessionOf(c).setNotificationPrefs(body));
  })
  .get("/presence", async (c) => c.json(await sessionOf(c).presenceSettings()))
  .put("/presence", limit("change"), async (c) => {
    const body = await readJson(c, PresenceSettingsBody);
    return c.json(await sessionOf(c).setPresenceHidden(c.var.identity.userId, body.hidden));
  });

export const userRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  /** Names for ids (room members, senders); ids that are no user are left out. */
  .get("/", query(UserLookupQuery), async (c) => {
    return c.json({ users: await publicUsers(c.env.DB, c.req.valid("query").ids) });
  })
  .get("/:username", async (c) => {
    const parsed = parseBody(v.pipe(Username), c.req.param("username"));
    // A name that cannot exist is answered like one that does not.
    const user = parsed.ok ? await findByUsername(c.env.DB, parsed.value) : null;
    if (!user) throw new ApiError(404, "not_found", "no user with that username");
    return c.json(toPublicUser(user));
  });
