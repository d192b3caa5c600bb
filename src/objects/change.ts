/**
 * What creating or editing an object makes of it, as pure functions: the route stores the
 * result (src/objects/store.ts). Every change bumps `version` (the store does, for edits).
 */
import {
  assertNever,
  type ChatObject,
  type CreateObjectBody,
  type UpdateObjectBody,
} from "../protocol";
import { columnsOf } from "./rows";

export function newObject(
  id: string,
  ownerId: string,
  body: CreateObjectBody,
  now: number,
): ChatObject {
  return {
    id,
    ownerId,
    ...body,
    status: "available",
    dealWith: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}

/**
 * The columns an owner's edit sets, with their stored values; the store applies them in one
 * statement, so edits that race are each applied whole, none lost. Making the object
 * `available` again or `closed` ends a reservation or a sale: no asker is named any more.
 */
export function editedColumns(change: UpdateObjectBody): [string, string | number | null][] {
  const { status, ...fields } = change;
  return columnsOf(status === undefined ? fields : { ...fields, status, dealWith: null });
}

/**
 * Why a user may not open a new chat about `object`, or null when they may: not their own
 * object; not once it is sold or closed; not while it is reserved, when its owner chose so.
 * (A chat that exists already always opens again.)
 */
export function askRefusal(
  object: Pick<ChatObject, "ownerId" | "status" | "askWhileReserved">,
  askerId: string,
): { code: "bad_request" | "object_unavailable"; message: string } | null {
  if (object.ownerId === askerId) {
    return { code: "bad_request", message: "you cannot ask about your own object" };
  }
  switch (object.status) {
    case "available":
      return null;
    case "reserved":
      return object.askWhileReserved
        ? null
        : {
            code: "object_unavailable",
            message: "the object is reserved; its owner takes no new chats",
          };
    case "sold":
    case "closed":
      return { code: "object_unavailable", message: `the object is ${object.status}` };
    default:
      return assertNever(object.status);
  }
}
