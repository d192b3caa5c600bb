/**
 * What every room operation shares: its context (the store, the settings, the time, a
 * transaction), its result types, and the membership check that answers a non-member as a
 * room that does not exist (invariant 6).
 */
import type { ChatMessage, ErrorCode, SystemEvent } from "../protocol";
import type { Settings } from "../settings";
import type { MemberRow, RoomStore } from "./store";

export type Result<T> =
  | { ok: true; value: T }
  | { ok: false; error: { code: ErrorCode; message: string } };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T>(code: ErrorCode, message: string): Result<T> => ({
  ok: false,
  error: { code, message },
});
export const notFound = <T>(): Result<T> => fail("not_found", "no such room");

export interface RoomContext {
  store: RoomStore;
  settings: Settings;
  now: number;
  /** Runs writes atomically (the object's `transactionSync`). */
  transaction<T>(fn: () => T): T;
}

export interface Changed<T> {
  value: T;
  /** Messages appended by the operation, to fan out. */
  appended: ChatMessage[];
  /** True when members' sessions need an update although no message was appended. */
  notify?: boolean;
}

export type Outcome<T> = Result<Changed<T>>;

export function activeMember(ctx: RoomContext, userId: string): MemberRow | null {
  const member = ctx.store.member(userId);
  return member && member.leftSeq === null ? member : null;
}

/** Appends a system message (call inside a transaction with the change it records). */
export function system(ctx: RoomContext, event: SystemEvent, roomId: string): ChatMessage {
  return ctx.store.append(
    { kind: "system", senderId: null, body: "", system: event, createdAt: ctx.now },
    roomId,
  );
}

/**
 * Brings `userId` back into the room when they were in it and left; the `joined` message,
 * or null when they are in it (or never were). Call inside a transaction.
 */
export function comeBack(
  ctx: RoomContext,
  roomId: string,
  userId: string,
  by: string,
): ChatMessage | null {
  const member = ctx.store.member(userId);
  if (!member || member.leftSeq === null) return null;
  const joined = system(ctx, { type: "joined", by, userIds: [userId] }, roomId);
  ctx.store.join(userId, member.role, ctx.now, joined.seq);
  return joined;
}
