/**
 * Rooms over HTTP: the inbox, creating rooms, details, members, title, history, marking a
 * room read, and a REST send for clients without a socket. Every route goes through the room's object, which
 * answers a non-member exactly like a missing room (404).
 */

import { type Context, Hono } from "hono";
import { existingUserIds, publicUsers } from "../auth/users";
import { roomStub } from "../durable/stubs";
import type { AppEnv } from "../http/context";
import { ApiError, unwrap } from "../http/errors";
import { hourly } from "../http/hourly";
import { limit, readJson, requireAuth, sessionOf } from "../http/middleware";
import { pageLimit, query, roomIdParam, seqParam } from "../http/query";
import {
  AddMembersBody,
  CreateRoomBody,
  DeleteMessageBody,
  directRoomId,
  EditMessageBody,
  HideBody,
  HistoryQuery,
  type InboxPage,
  InboxQuery,
  MarkReadBody,
  type MessageChange,
  MuteBody,
  namedUserIds,
  newGroupRoomId,
  ReactBody,
  RenameRoomBody,
  SendMessageBody,
  SetRoleBody,
} from "../protocol";
import { blockedAmong } from "../safety/blocks";
import { hideFromSearch } from "../search/hidden";

/** A change to a message, stored through the member's session; 201 when new, 200 if not. */
async function changed(c: Context<AppEnv>, clientMsgId: string, change: MessageChange) {
  const roomId = roomIdParam(c);
  const input = { roomId, clientMsgId, change };
  const result = unwrap(await sessionOf(c).sendMessage(c.var.identity.userId, input));
  return c.json(result, result.duplicate ? 200 : 201);
}

function roomOf(c: Context<AppEnv>) {
  return roomStub(c.env, roomIdParam(c));
}

/** Refuses when a block stands between the caller and any of `ids` (either way). */
async function requireNoBlock(c: Context<AppEnv>, ids: string[]): Promise<void> {
  const blocked = await blockedAmong(c.env.DB, c.var.identity.userId, ids);
  if (blocked.length > 0) {
    const who = blocked.length === 1 ? "this user" : `${blocked.length} of these users`;
    throw new ApiError(403, "blocked", `a block stands between you and ${who}`);
  }
}

async function requireUsers(c: Context<AppEnv>, ids: string[]): Promise<void> {
  const found = await existingUserIds(c.env.DB, ids);
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new ApiError(400, "validation_failed", `no such user: ${missing.slice(0, 3).join(", ")}`);
  }
}

export const roomRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .get("/", query(InboxQuery), async (c) => {
    const { INBOX_PAGE_DEFAULT, INBOX_PAGE_MAX } = c.var.settings;
    const params = c.req.valid("query");
    const limit = pageLimit(params.limit, INBOX_PAGE_MAX, INBOX_PAGE_DEFAULT);
    const me = c.var.identity.userId;
    const page = await sessionOf(c).inbox(limit, params.cursor ?? null, params.object ?? null);
    // Everyone the page names, in one query: a client shows names at once, never "…".
    const users = await publicUsers(
      c.env.DB,
      page.rooms.flatMap((entry) => namedUserIds(entry, me)),
    );
    return c.json({ ...page, users } satisfies InboxPage);
  })
  /** The owner's inbox by object: each of their objects with chats, and its counts. */
  .get("/objects", async (c) => {
    const me = c.var.identity.userId;
    const objects = await sessionOf(c).objectGroups(me, c.var.settings.OBJECT_GROUPS_MAX);
    return c.json({ objects });
  })
  .post("/", limit("change"), async (c) => {
    const body = await readJson(c, CreateRoomBody);
    await hourly(c, "rooms:create", c.var.settings.ROOM_CREATE_MAX_PER_HOUR, "new rooms");
    const me = c.var.identity.userId;
    if (body.kind === "direct") {
      if (body.userId === me)
        throw new ApiError(400, "bad_request", "a direct room needs another user");
      await requireUsers(c, [body.userId]);
      await requireNoBlock(c, [body.userId]);
      const id = directRoomId(me, body.userId);
      const stub = roomStub(c.env, id);
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
    await requireNoBlock(c, body.memberIds);
    const id = newGroupRoomId();
    const stub = roomStub(c.env, id);
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
  .patch("/:roomId", limit("change"), async (c) => {
    const body = await readJson(c, RenameRoomBody);
    return c.json(unwrap(await roomOf(c).rename(c.var.identity.userId, body.title)));
  })
  .post("/:roomId/members", limit("change"), async (c) => {
    const body = await readJson(c, AddMembersBody);
    const stub = roomOf(c);
    // Membership first, so a non-member learns nothing about which users exist.
    unwrap(await stub.details(c.var.identity.userId));
    await requireUsers(c, body.userIds);
    await requireNoBlock(c, body.userIds);
    return c.json(unwrap(await stub.addMembers(c.var.identity.userId, body.userIds)));
  })
  .delete("/:roomId/members/:userId", limit("change"), async (c) => {
    unwrap(await roomOf(c).removeMember(c.var.identity.userId, c.req.param("userId")));
    return c.body(null, 204);
  })
  .patch("/:roomId/members/:userId", limit("change"), async (c) => {
    const body = await readJson(c, SetRoleBody);
    return c.json(
      unwrap(await roomOf(c).setRole(c.var.identity.userId, c.req.param("userId"), body.role)),
    );
  })
  .get("/:roomId/messages", query(HistoryQuery), async (c) => {
    const { before, after, around, limit } = c.req.valid("query");
    if (before !== undefined && after !== undefined) {
      throw new ApiError(400, "validation_failed", "give before or after, not both");
    }
    pageLimit(limit, c.var.settings.HISTORY_PAGE_MAX, undefined);
    if (around !== undefined) {
      if (before !== undefined || after !== undefined) {
        throw new ApiError(400, "validation_failed", "give around alone, without before or after");
      }
      if (around < 1) throw new ApiError(400, "validation_failed", "around must be a seq from 1");
      return c.json(
        unwrap(await roomOf(c).historyAround(c.var.identity.userId, { around, limit })),
      );
    }
    const query = {
      ...(before !== undefined ? { before } : {}),
      ...(after !== undefined ? { after } : {}),
      ...(limit !== undefined ? { limit } : {}),
    };
    return c.json(unwrap(await roomOf(c).history(c.var.identity.userId, query)));
  })
  .post("/:roomId/messages", async (c) => {
    // Through the sender's session: one send budget for every way of sending.
    const roomId = roomIdParam(c);
    const body = await readJson(c, SendMessageBody);
    const result = unwrap(
      await sessionOf(c).sendMessage(c.var.identity.userId, { roomId, ...body }),
    );
    return c.json(result, result.duplicate ? 200 : 201);
  })
  // Changes to a message (issue 22), through the member's session like a send: the same
  // budget, the same answer.
  .patch("/:roomId/messages/:seq", async (c) => {
    const body = await readJson(c, EditMessageBody);
    const change = { kind: "edit" as const, target: seqParam(c), body: body.body };
    return changed(c, body.clientMsgId, change);
  })
  .delete("/:roomId/messages/:seq", async (c) => {
    const body = await readJson(c, DeleteMessageBody);
    return changed(c, body.clientMsgId, { kind: "delete", target: seqParam(c) });
  })
  .post("/:roomId/messages/:seq/reactions", async (c) => {
    const { clientMsgId, emoji, on } = await readJson(c, ReactBody);
    return changed(c, clientMsgId, { kind: "reaction", target: seqParam(c), emoji, on });
  })
  .put("/:roomId/messages/:seq/hidden", limit("change"), async (c) => {
    // "Delete for me": the room marks it in the user's history pages, search leaves it out,
    // and the user's session tells their devices. Each step is idempotent: a retry mends a
    // failure between them.
    const userId = c.var.identity.userId;
    const seq = seqParam(c);
    const { roomId } = unwrap(await roomOf(c).hideMessage(userId, seq));
    await hideFromSearch(c.env.DB, { userId, roomId, seq, at: Date.now() });
    await sessionOf(c).hideMessage(roomId, seq);
    return c.body(null, 204);
  })
  .put("/:roomId/mute", limit("change"), async (c) => {
    // A setting of the user's own, kept by their session: it knows only their rooms.
    const roomId = roomIdParam(c);
    const body = await readJson(c, MuteBody);
    const result = await sessionOf(c).setMuted(roomId, body.muted);
    if (!result) throw new ApiError(404, "not_found", "no such room");
    return c.json(result);
  })
  .put("/:roomId/hidden", limit("change"), async (c) => {
    // The user's own view, kept by their session, like mute.
    const roomId = roomIdParam(c);
    const body = await readJson(c, HideBody);
    const result = await sessionOf(c).setHidden(roomId, body.hidden);
    if (!result) throw new ApiError(404, "not_found", "no such room");
    return c.json(result);
  })
  .post("/:roomId/read", async (c) => {
    // Through the reader's session: the same budget as `read` frames on the socket.
    const roomId = roomIdParam(c);
    const body = await readJson(c, MarkReadBody);
    return c.json(unwrap(await sessionOf(c).markRead(c.var.identity.userId, roomId, body.seq)));
  });
