/**
 * The one place a room or user id becomes a Durable Object stub (decision 0001): the objects
 * are named by these ids, so the naming rule lives here. Make a fresh stub after a call on
 * one threw: a stub that threw may be broken.
 */
import type { Env } from "../env";

/** The ChatRoom object of `roomId`. */
export function roomStub(env: Env, roomId: string) {
  return env.CHAT_ROOM.get(env.CHAT_ROOM.idFromName(roomId));
}

/** The UserSession object of `userId`. */
export function sessionStub(env: Env, userId: string) {
  return env.USER_SESSION.get(env.USER_SESSION.idFromName(userId));
}
