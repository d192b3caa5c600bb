/**
 * What can be done to a message from its actions menu: one entry per action, in the menu's
 * order, with its label and when it applies. A new action (react, edit, delete, report) is
 * one more entry here and its handler where the room's screen runs them; the type makes
 * the screen give each entry a handler.
 */
import { type ChatMessage, MESSAGE_KIND_RULES, type MessageKind } from "../../../src/protocol";
import type { StringKey } from "../i18n";

/** What the rules know beside the message itself. */
export interface ActionContext {
  /** The user's id. */
  me: string;
  /** The user may write in the room now: a member, and the chat not read-only. */
  canWrite: boolean;
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

export const MESSAGE_ACTIONS = [
  {
    id: "reply",
    label: "reply",
    available: (message, context) => context.canWrite && MESSAGE_KIND_RULES[message.kind].quotable,
  },
  {
    id: "copy",
    label: "copy",
    available: (message) => TEXT_KINDS.has(message.kind) && message.body.trim() !== "",
  },
] as const satisfies readonly MessageAction[];

export type ActionId = (typeof MESSAGE_ACTIONS)[number]["id"];

/** The actions that apply to `message`, in the menu's order. */
export function actionsFor(
  message: ChatMessage,
  context: ActionContext,
): (typeof MESSAGE_ACTIONS)[number][] {
  return MESSAGE_ACTIONS.filter((action) => action.available(message, context));
}
