/**
 * What can be done to a message from its actions menu: one entry per action, in the menu's
 * order, with its label and when it applies. A new action is one more entry here and its
 * handler where the room's screen runs them; the type makes the screen give each entry a
 * handler.
 */
import {
  type ChangeKind,
  type ChatMessage,
  MESSAGE_KIND_RULES,
  type MessageKind,
} from "../../../src/protocol";
import type { StringKey } from "../i18n";

/**
 * How long after sending its sender may edit a message: the server's `EDIT_WINDOW_SECONDS`
 * as it is by default (24 h). A server set otherwise refuses with `edit_window_closed`,
 * which the room shows.
 */
export const EDIT_WINDOW_MS = 24 * 60 * 60 * 1000;

/** What the rules know beside the message itself. */
export interface ActionContext {
  /** The user's id. */
  me: string;
  /** The user may write in the room now: a member, the chat not read-only, no block in it. */
  canWrite: boolean;
  /** The user is a member (a delete is taken in a read-only or blocked chat too). */
  member: boolean;
  /** The user may delete anyone's message here (a group's owner or admins). */
  deleteAny: boolean;
  /** The time now (ms since the epoch), for the edit window. */
  now: number;
}

export interface MessageAction {
  readonly id: string;
  readonly label: StringKey;
  available(message: ChatMessage, context: ActionContext): boolean;
}

/**
 * The kinds whose body is text someone wrote (or the chat's object posted): what Copy copies.
 * Not a system message (its sentence is the client's), nor any event that changes another.
 */
const TEXT_KINDS: ReadonlySet<MessageKind> = new Set(["text", "attachment", "object"]);

/** Whether `change` may be made to a message of this kind that is still there. */
const changeable = (message: ChatMessage, change: ChangeKind) =>
  message.deletedAt === undefined && MESSAGE_KIND_RULES[message.kind].changes.includes(change);

const mine = (message: ChatMessage, context: ActionContext) => message.senderId === context.me;

export const MESSAGE_ACTIONS = [
  {
    id: "reply",
    label: "reply",
    available: (message, context) =>
      context.canWrite &&
      message.deletedAt === undefined &&
      MESSAGE_KIND_RULES[message.kind].quotable,
  },
  {
    id: "react",
    label: "react",
    available: (message, context) => context.canWrite && changeable(message, "reaction"),
  },
  {
    id: "copy",
    label: "copy",
    available: (message) => TEXT_KINDS.has(message.kind) && message.body.trim() !== "",
  },
  {
    id: "edit",
    label: "edit",
    available: (message, context) =>
      context.canWrite &&
      mine(message, context) &&
      changeable(message, "edit") &&
      context.now - message.createdAt < EDIT_WINDOW_MS,
  },
  {
    // For everyone (the sender; a group's owner and admins) or for the user alone (any shown
    // message): the dialog offers what applies.
    id: "delete",
    label: "delete",
    available: (message, context) => context.member && TEXT_KINDS.has(message.kind),
  },
  {
    id: "report",
    label: "report",
    available: (message, context) =>
      context.member &&
      !mine(message, context) &&
      TEXT_KINDS.has(message.kind) &&
      message.deletedAt === undefined,
  },
] as const satisfies readonly MessageAction[];

export type ActionId = (typeof MESSAGE_ACTIONS)[number]["id"];

/** Whether the user may delete `message` for everyone, not only for themselves. */
export function deletableForEveryone(message: ChatMessage, context: ActionContext): boolean {
  return (mine(message, context) || context.deleteAny) && changeable(message, "delete");
}

/** The actions that apply to `message`, in the menu's order. */
export function actionsFor(
  message: ChatMessage,
  context: ActionContext,
): (typeof MESSAGE_ACTIONS)[number][] {
  // Deleted for the user: not shown, nothing to do to it.
  if (message.hidden === true) return [];
  return MESSAGE_ACTIONS.filter((action) => action.available(message, context));
}
