/**
 * Blocking (issue 22): `GET /api/me/blocks` lists whom the caller blocked; `PUT` and `DELETE
 * /api/me/blocks/:userId` block and unblock. A block is written to D1 (the checks of new
 * chats and members read it there), then told to the chats of the two, which stop taking
 * messages, and to the caller's session, which shows the blocked user the caller as offline.
 * Both are idempotent, so a failure part way is mended by asking again.
 */
import { type Context, Hono } from "hono";
import { existingUserIds, publicUsers } from "../auth/users";
import { roomStub, sessionStub } from "../durable/stubs";
import type { AppEnv } from "../http/context";
import { ApiError } from "../http/errors";
import { limit, requireAuth } from "../http/middleware";
import { type BlockedUser, directRoomId } from "../protocol";
import { block, blockedBy, pairRooms, unblock } from "../safety/blocks";

async function other(c: Context<AppEnv>): Promise<string> {
  const userId = c.req.param("userId") ?? "";
  if (userId === c.var.identity.userId) {
    throw new ApiError(400, "bad_request", "you cannot block yourself");
  }
  if (userId.length > 64 || !(await existingUserIds(c.env.DB, [userId])).has(userId)) {
    throw new ApiError(404, "not_found", "no such user");
  }
  return userId;
}

/** Tells the blocker's session and every chat of the two that a block started or ended. */
async function tell(c: Context<AppEnv>, blocked: string, on: boolean): Promise<void> {
  const me = c.var.identity.userId;
  const rooms = [directRoomId(me, blocked), ...(await pairRooms(c.env.DB, me, blocked))];
  await Promise.all([
    sessionStub(c.env, me).setBlocked(blocked, on),
    ...rooms.map((id) => roomStub(c.env, id).setBlock(me, blocked, on)),
  ]);
}

export const blockRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .get("/", async (c) => {
    const rows = await blockedBy(c.env.DB, c.var.identity.userId, c.var.settings.BLOCKS_LIST_MAX);
    const users = new Map(
      (
        await publicUsers(
          c.env.DB,
          rows.map((r) => r.userId),
        )
      ).map((u) => [u.id, u]),
    );
    const blocked: BlockedUser[] = rows.flatMap(({ userId, blockedAt }) => {
      const user = users.get(userId);
      return user ? [{ user, blockedAt }] : [];
    });
    return c.json({ blocked });
  })
  .put("/:userId", limit("change"), async (c) => {
    const userId = await other(c);
    await block(c.env.DB, c.var.identity.userId, userId, Date.now());
    await tell(c, userId, true);
    return c.json({ userId, blocked: true });
  })
  .delete("/:userId", limit("change"), async (c) => {
    const userId = await other(c);
    await unblock(c.env.DB, c.var.identity.userId, userId);
    await tell(c, userId, false);
    return c.json({ userId, blocked: false });
  });
