/**
 * Who may fetch a file, from what it is attached to (./store.ts): an upload attached to
 * nothing, its uploader alone; a message's file, the room's members now (someone who left
 * or was removed loses it); an object's image or a profile's picture, anyone signed in, as
 * the object and the profile are.
 */
import { assertNever } from "../protocol";
import type { MediaRecord } from "./store";

/** Whether `userId` is a member of room `roomId` now (the room's word). */
export type MemberOf = (roomId: string, userId: string) => Promise<boolean>;

export async function maySee(
  file: MediaRecord,
  userId: string,
  memberOf: MemberOf,
): Promise<boolean> {
  switch (file.attachedKind) {
    case null:
      return file.ownerId === userId;
    case "room":
      return file.attachedTo !== null && (await memberOf(file.attachedTo, userId));
    case "object":
    case "avatar":
      return true;
    case "swept":
      return false;
    default:
      return assertNever(file.attachedKind);
  }
}

/**
 * The files of `files` that `userId` may see, asking each room once however many of its
 * files there are.
 */
export async function visible(
  files: readonly MediaRecord[],
  userId: string,
  memberOf: MemberOf,
): Promise<MediaRecord[]> {
  const rooms = new Map<string, Promise<boolean>>();
  const cached: MemberOf = (roomId, user) => {
    let answer = rooms.get(roomId);
    if (!answer) {
      answer = memberOf(roomId, user);
      rooms.set(roomId, answer);
    }
    return answer;
  };
  const seen = await Promise.all(files.map((file) => maySee(file, userId, cached)));
  return files.filter((_, i) => seen[i]);
}
