/**
 * Rooms over HTTP: the inbox, creating rooms, details, members, title, history, marking a
 * room read, and a REST send for clients without a socket. Every route goes through the room's object, which
 * answers a non-member exactly like a missing room (404).
 */
import { type Context, Hono } from "hono";
import * as v from "valibot";
import { existingUserIds, publicUsers } from "../auth/users";
import type { AppEnv } from "../http/context";
import { ApiError } from "../http/errors";
import { readJson, requireAuth } from "../http/middleware";
import {
  AddMembersBody,
  CreateRoomBody,
  type ErrorCode,
  type InboxPage,
  InboxQuery,
  MarkReadBody,
  MuteBody,
  namedUserIds,
  parseBody,
  RenameRoomBody,
  RoomId,
  SendMessageBody,
  SetRoleBody,
} from "../protocol";
import type { Result } from "../room/room";

const STATUS: Partial<Record<ErrorCode, 400 | 403 | 404 | 409 | 429>> = {
  not_found: 404,
  forbidden: 403,
  room_full: 409,
  rate_limited: 429,
};

function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new ApiError(STATUS[result.error.code] ?? 400, result.error.code, result.error.message);
}

function roomOf(c: Context<AppEnv>) {
  const parsed = parseBody(RoomId, c.req.param("roomId"));
  if (!parsed.ok) throw new ApiError(404, "not_found", "no such room");
  return c.env.CHAT_ROOM.get(c.env.CHAT_ROOM.idFromName(parsed.value));
}

async function requireUsers(c: Context<AppEnv>, ids: string[]): Promise<void> {
  const found = await existingUserIds(c.env.DB, ids);
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new ApiError(400, "validation_failed", `no such user: ${missing.slice(0, 3).join(", ")}`);
  }
}

const SeqParam = v.optional(
  v.pipe(v.string(), v.regex(/^\d{1,15}$/, "must be a whole number"), v.transform(Number)),
);
const HistoryQuery = v.object({ before: SeqParam, after: SeqParam, limit: SeqParam });

export const roomRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .get("/", async (c) => {
    const parsed = parseBody(InboxQuery, c.req.query());
    if (!parsed.ok) throw ApiError.from(parsed.error);
    const { INBOX_PAGE_DEFAULT, INBOX_PAGE_MAX } = c.var.settings;
    const limit = parsed.value.limit ?? INBOX_PAGE_DEFAULT;
    if (limit < 1 || limit > INBOX_PAGE_MAX) {
      throw new ApiError(400, "validation_failed", `limit must be between 1 and ${INBOX_PAGE_MAX}`);
    }
    const me = c.var.identity.userId;
    const session = c.env.USER_SESSION.get(c.env.USER_SESSION.idFromName(me));
    const page = await session.inbox(limit, parsed.value.cursor ?? null);
    // Everyone the page names, in one query: a client shows names at once, never "…".
    const users = await publicUsers(
      c.env.DB,
      page.rooms.flatMap((entry) => namedUserIds(entry, me)),
    );
    return c.json({ ...page, users } satisfies InboxPage);
  })
  .post("/", async (c) => {
    const body = await readJson(c, CreateRoomBody);
    const me = c.var.identity.userId;
    if (body.kind === "direct") {
      if (body.userId === me)
        throw new ApiError(400, "bad_request", "a direct room needs another user");
      await requireUsers(c, [body.userId]);
      const id = `dm:${[me, body.userId].sort().join(":")}`;
      const stub = c.env.CHAT_ROOM.get(c.env.CHAT_ROOM.idFromName(id));
      const details = unwrap(
        await stub.create({
          id,
          kind: "direct",
          title: null,
          ownerId: me,
          memberIds: [body.userId],
        }),
      );
      return c.json(details, 201);
    }
    await requireUsers(c, body.memberIds);
    const id = `grp:${crypto.randomUUID()}`;
    const stub = c.env.CHAT_ROOM.get(c.env.CHAT_ROOM.idFromName(id));
    const details = unwrap(
      await stub.create({
        id,
        kind: "group",
        title: body.title,
        ownerId: me,
        memberIds: body.memberIds,
      }),
    );
    return c.json(details, 201);
  })
  .get("/:roomId", async (c) => c.json(unwrap(await roomOf(c).details(c.var.identity.userId))))
  .patch("/:roomId", async (c) => {
    const body = await readJson(c, RenameRoomBody);
    return c.json(unwrap(await roomOf(c).rename(c.var.identity.userId, body.title)));
  })
  .post("/:roomId/members", async (c) => {
    const body = await readJson(c, AddMembersBody);
    const stub = roomOf(c);
    // Membership first, so a non-member learns nothing about which users exist.
    unwrap(await stub.details(c.var.identity.userId));
    await requireUsers(c, body.userIds);
    return c.json(unwrap(await stub.addMembers(c.var.identity.userId, body.userIds)));
  })
  .delete("/:roomId/members/:userId", async (c) => {
    unwrap(await roomOf(c).removeMember(c.var.identity.userId, c.req.param("userId")));
    return c.body(null, 204);
  })
  .patch("/:roomId/members/:userId", async (c) => {
    const body = await readJson(c, SetRoleBody);
    return c.json(
      unwrap(await roomOf(c).setRole(c.var.identity.userId, c.req.param("userId"), body.role)),
    );
  })
  .get("/:roomId/messages", async (c) => {
    const parsed = parseBody(HistoryQuery, c.req.query());
    if (!parsed.ok) throw ApiError.from(parsed.error);
    const { before, after, limit } = parsed.value;
    if (before !== undefined && after !== undefined) {
      throw new ApiError(400, "validation_failed", "give before or after, not both");
    }
    const max = c.var.settings.HISTORY_PAGE_MAX;
    if (limit !== undefined && (limit < 1 || limit > max)) {
      throw new ApiError(400, "validation_failed", `limit must be between 1 and ${max}`);
    }
    const query = {
      ...(before !== undefined ? { before } : {}),
      ...(after !== undefined ? { after } : {}),
      ...(limit !== undefined ? { limit } : {}),
    };
    return c.json(unwrap(await roomOf(c).history(c.var.identity.userId, query)));
  })
  .post("/:roomId/messages", async (c) => {
    const body = await readJson(c, SendMessageBody);
    const result = unwrap(
      await roomOf(c).send({
        senderId: c.var.identity.userId,
        clientMsgId: body.clientMsgId,
        body: body.body,
      }),
    );
    return c.json(result, result.duplicate ? 200 : 201);
  })
  .put("/:roomId/mute", async (c) => {
    // A setting of the user's own, kept by their session: it knows only their rooms.
    const body = await readJson(c, MuteBody);
    const roomId = parseBody(RoomId, c.req.param("roomId"));
    const session = c.env.USER_SESSION.get(c.env.USER_SESSION.idFromName(c.var.identity.userId));
    const result = roomId.ok ? await session.setMuted(roomId.value, body.muted) : null;
    if (!result) throw new ApiError(404, "not_found", "no such room");
    return c.json(result);
  })
  .post("/:roomId/read", async (c) => {
    const body = await readJson(c, MarkReadBody);
    return c.json(unwrap(await roomOf(c).markRead(c.var.identity.userId, body.seq)));
  });
