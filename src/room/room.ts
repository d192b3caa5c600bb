/**
 * What a chat room does, over its store: membership and roles, history, read marks and
 * watches (sends are in send.ts, changes to messages in changes.ts). Every operation checks
 * membership first and answers a non-member exactly as it answers a room that does not exist
 * (invariant 6). Writes happen with no `await`, so each operation commits atomically; the
 * caller fans out whatever it appended.
 */
import {
  type ChatMessage,
  hasAction,
  mayIn,
  type ObjectCard,
  outranks,
  type ReadResult,
  ROOM_KINDS,
  type Role,
  type RoomAction,
  type RoomDetails,
  type RoomKind,
  type SystemEvent,
} from "../protocol";
import {
  activeMember,
  comeBack,
  fail,
  notFound,
  type Outcome,
  ok,
  type Result,
  type RoomContext,
  system,
} from "./context";
import type { MemberRow } from "./store";

export type { Changed, Outcome, Result, RoomContext } from "./context";
export {
  type MemberChange,
  type MemberSend,
  type MemberWrite,
  type SendInput,
  send,
  sendWithoutFiles,
  storeMessage,
} from "./send";

function details(ctx: RoomContext): RoomDetails {
  const d = ctx.store.details();
  if (!d) throw new Error("room vanished");
  return d;
}

/** Creates a room with its members. Idempotent for direct rooms (same id, same pair). */
/** A new room: its creator (`ownerId`) and the other members. */
export interface CreateRoomInput {
  id: string;
  kind: RoomKind;
  title: string | null;
  /** What the room is about: an object room's object id. */
  subject?: string | null;
  /** An object room's card, as the object is when the room is made. */
  card?: ObjectCard | null;
  ownerId: string;
  memberIds: string[];
}

export function create(ctx: RoomContext, input: CreateRoomInput): Outcome<RoomDetails> {
  const existing = ctx.store.room();
  if (existing) {
    // Only a room of a kind that reopens may be "created" again, and only by a member.
    if (ROOM_KINDS[existing.kind].reopens && activeMember(ctx, input.ownerId)) {
      return ok({ value: details(ctx), appended: [] });
    }
    // An object chat's asker who left asks again: they are back.
    if (existing.kind === "object" && existing.createdBy === input.ownerId) {
      return ctx.transaction(() => {
        const back = comeBack(ctx, existing.id, input.ownerId, input.ownerId);
        return ok({ value: details(ctx), appended: back ? [back] : [] });
      });
    }
    return fail("bad_request", "room already exists");
  }
  const others = [...new Set(input.memberIds)].filter((id) => id !== input.ownerId);
  if (others.length + 1 > ctx.settings.MAX_GROUP_MEMBERS) {
    return fail("room_full", `a room has at most ${ctx.settings.MAX_GROUP_MEMBERS} members`);
  }
  return ctx.transaction(() => {
    ctx.store.createRoom({
      id: input.id,
      kind: input.kind,
      title: input.title,
      subject: input.subject ?? null,
      card: input.card ?? null,
      createdBy: input.ownerId,
      createdAt: ctx.now,
    });
    ctx.store.join(input.ownerId, ROOM_KINDS[input.kind].creatorRole, ctx.now, 1);
    for (const id of others) ctx.store.join(id, "member", ctx.now, 1);
    const created = system(
      ctx,
      {
        type: "created",
        by: input.ownerId,
        title: input.title,
        memberIds: [input.ownerId, ...others],
      },
      input.id,
    );
    return ok({ value: details(ctx), appended: [created] });
  });
}

export function roomDetails(ctx: RoomContext, actor: string): Result<RoomDetails> {
  if (!ctx.store.room() || !activeMember(ctx, actor)) return notFound();
  return ok(details(ctx));
}

/** Checks a history request; the object then reads the page from both tiers (history.ts). */
export function historyQuery(
  ctx: RoomContext,
  actor: string,
  query: { before?: number; after?: number; limit?: number },
): Result<{ roomId: string; before?: number; after?: number; limit: number }> {
  const room = ctx.store.room();
  if (!room || !activeMember(ctx, actor)) return notFound();
  const limit = Math.min(
    query.limit ?? ctx.settings.HISTORY_PAGE_DEFAULT,
    ctx.settings.HISTORY_PAGE_MAX,
  );
  return ok({ ...query, roomId: room.id, limit });
}

/** A device of the actor has the room up to `seq`, in kinds with "delivered" marks. */
export function markReceived(ctx: RoomContext, actor: string, seq: number): Result<boolean> {
  const room = ctx.store.room();
  if (!room || !activeMember(ctx, actor)) return notFound();
  if (!ROOM_KINDS[room.kind].deliveredMarks) return ok(false);
  return ok(ctx.store.markReceived(actor, seq));
}

/** Moves the actor's read watermark forward (never back, never past the last seq). */
export function markRead(ctx: RoomContext, actor: string, seq: number): Outcome<ReadResult> {
  const room = ctx.store.room();
  if (!room || !activeMember(ctx, actor)) return notFound();
  const moved = ctx.store.markRead(actor, seq);
  const readSeq = ctx.store.member(actor)?.readSeq ?? 0;
  return ok({ value: { roomId: room.id, readSeq }, appended: [], notify: moved });
}

/**
 * Starts or renews the actor's watch of the room's live signals. Returns the other active
 * members, whose presence the actor may now watch too.
 */
export function watch(ctx: RoomContext, actor: string, leaseMs: number): Result<string[]> {
  if (!ctx.store.room() || !activeMember(ctx, actor)) return notFound();
  ctx.store.watch(actor, ctx.now + leaseMs);
  return ok(
    ctx.store
      .activeMembers()
      .map((m) => m.userId)
      .filter((id) => id !== actor),
  );
}

/** Who should hear an ephemeral signal from the actor: live watchers other than the actor. */
export function audience(ctx: RoomContext, actor: string): Result<string[]> {
  if (!ctx.store.room() || !activeMember(ctx, actor)) return notFound();
  return ok(ctx.store.watchers(ctx.now).filter((id) => id !== actor));
}

/** Why a role that may not take an action is refused (see ROOM_KINDS). */
const FORBIDDEN: Record<Exclude<RoomAction, "leave">, string> = {
  add: "only the owner and admins add members",
  remove: "you may not remove this member",
  rename: "only the owner and admins rename the room",
  setRole: "only the owner changes roles",
  deleteAny: "only the owner and admins delete others' messages",
};

/**
 * The actor's membership and the room's kind, when the kind has `action` (else a bad request)
 * and the actor's role may take it (else forbidden). Removing waits for its target: a
 * member who is not there is "not found" before anyone is "forbidden".
 */
function allowed(
  ctx: RoomContext,
  actor: string,
  action: RoomAction,
): Result<{ room: string; kind: RoomKind; me: MemberRow }> {
  const room = ctx.store.room();
  const me = room ? activeMember(ctx, actor) : null;
  if (!room || !me) return notFound();
  if (!hasAction(room.kind, action)) {
    return fail("bad_request", `a ${room.kind} room's members and title are fixed`);
  }
  if (action !== "leave" && action !== "remove" && !mayIn(room.kind, me.role, action)) {
    return fail("forbidden", FORBIDDEN[action]);
  }
  return ok({ room: room.id, kind: room.kind, me });
}

export function addMembers(
  ctx: RoomContext,
  actor: string,
  userIds: string[],
): Outcome<RoomDetails> {
  const check = allowed(ctx, actor, "add");
  if (!check.ok) return check;
  const { room } = check.value;
  const fresh = [...new Set(userIds)].filter((id) => !activeMember(ctx, id));
  if (fresh.length === 0) return ok({ value: details(ctx), appended: [] });
  const count = ctx.store.activeMembers().length;
  if (count + fresh.length > ctx.settings.MAX_GROUP_MEMBERS) {
    return fail("room_full", `a room has at most ${ctx.settings.MAX_GROUP_MEMBERS} members`);
  }
  return ctx.transaction(() => {
    const joined = system(ctx, { type: "joined", by: actor, userIds: fresh }, room);
    for (const id of fresh) ctx.store.join(id, "member", ctx.now, joined.seq);
    return ok({ value: details(ctx), appended: [joined] });
  });
}

/** Removes a member, or leaves when `userId` is the actor. An owner who leaves hands over. */
export function removeMember(ctx: RoomContext, actor: string, userId: string): Outcome<null> {
  const check = allowed(ctx, actor, userId === actor ? "leave" : "remove");
  if (!check.ok) return check;
  const { room, kind, me } = check.value;
  const target = activeMember(ctx, userId);
  if (!target) return fail("not_found", "not a member of this room");
  if (userId !== actor && !(mayIn(kind, me.role, "remove") && outranks(me.role, target.role))) {
    return fail("forbidden", FORBIDDEN.remove);
  }
  return ctx.transaction(() => {
    const event: SystemEvent =
      userId === actor ? { type: "left", userId } : { type: "removed", by: actor, userId };
    const gone = system(ctx, event, room);
    ctx.store.leave(userId, gone.seq);
    const appended = [gone];
    if (target.role === "owner") {
      const rest = ctx.store.activeMembers();
      const heir = rest.find((m) => m.role === "admin") ?? rest[0];
      if (heir) {
        ctx.store.setRole(heir.userId, "owner");
        appended.push(
          system(ctx, { type: "role", by: null, userId: heir.userId, role: "owner" }, room),
        );
      }
    }
    return ok({ value: null, appended });
  });
}

export function rename(ctx: RoomContext, actor: string, title: string): Outcome<RoomDetails> {
  const check = allowed(ctx, actor, "rename");
  if (!check.ok) return check;
  const { room } = check.value;
  return ctx.transaction(() => {
    ctx.store.setTitle(title);
    const renamed = system(ctx, { type: "renamed", by: actor, title }, room);
    return ok({ value: details(ctx), appended: [renamed] });
  });
}

/** The owner makes members admins or members, or hands ownership over (becoming admin). */
export function setRole(
  ctx: RoomContext,
  actor: string,
  userId: string,
  role: Role,
): Outcome<RoomDetails> {
  const check = allowed(ctx, actor, "setRole");
  if (!check.ok) return check;
  const { room } = check.value;
  const target = activeMember(ctx, userId);
  if (!target) return fail("not_found", "not a member of this room");
  if (userId === actor) return fail("bad_request", "hand ownership to someone else instead");
  if (target.role === role) return ok({ value: details(ctx), appended: [] });
  return ctx.transaction(() => {
    const appended: ChatMessage[] = [];
    ctx.store.setRole(userId, role);
    appended.push(system(ctx, { type: "role", by: actor, userId, role }, room));
    if (role === "owner") {
      ctx.store.setRole(actor, "admin");
      appended.push(system(ctx, { type: "role", by: actor, userId: actor, role: "admin" }, room));
    }
    return ok({ value: details(ctx), appended });
  });
}

/**
 * `blocker` blocked `blocked`, or lifted it (`on` false): a chat of the two of them takes no
 * messages or changes from either while any block between them stands. False when this is
 * no such chat.
 */
export function setBlock(ctx: RoomContext, blocker: string, blocked: string, on: boolean): boolean {
  const room = ctx.store.room();
  if (!room || !ROOM_KINDS[room.kind].pair) return false;
  if (!ctx.store.member(blocker) || !ctx.store.member(blocked)) return false;
  ctx.store.transaction(() => ctx.store.setBlocked(blocker, on));
  return true;
}

/** Whether `userId` is a member of the room now (the access check of its files). */
export function isMember(ctx: RoomContext, userId: string): boolean {
  return ctx.store.room() !== null && activeMember(ctx, userId) !== null;
}
