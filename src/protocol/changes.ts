/**
 * Edits, deletes and reactions (docs/decisions/0008-changing-messages.md): each is a new
 * event in the room's order that names the message it changes (`target`). The bodies and
 * frames that ask for one, and {@link applyChange}, the one rule by which the room, the
 * sessions and every client turn a message and a later event about it into the message as it
 * is now.
 */
import * as v from "valibot";
import { Caption, type ChangeKind, type ChatMessage, ClientMsgId, type Reaction } from "./model";

/** The emoji a member may put under a message: a small fixed set, as most messengers offer. */
export const REACTION_EMOJI = ["👍", "❤️", "😂", "😮", "😢", "🙏"] as const;
export type ReactionEmoji = (typeof REACTION_EMOJI)[number];

export const Emoji = v.picklist(REACTION_EMOJI, `emoji must be one of ${REACTION_EMOJI.join(" ")}`);

/** `PATCH /api/rooms/:id/messages/:seq`: the message's new text (a caption may be empty). */
export const EditMessageBody = v.strictObject({ clientMsgId: ClientMsgId, body: Caption });
/** `DELETE /api/rooms/:id/messages/:seq`: delete it for everyone. */
export const DeleteMessageBody = v.strictObject({ clientMsgId: ClientMsgId });
/** `POST /api/rooms/:id/messages/:seq/reactions`: put (`on`) or take back an emoji. */
export const ReactBody = v.strictObject({
  clientMsgId: ClientMsgId,
  emoji: Emoji,
  on: v.boolean("on must be true or false"),
});

/** A change a member asks for, as the room takes it from every route. */
export type MessageChange =
  | { kind: "edit"; target: number; body: string }
  | { kind: "delete"; target: number }
  | { kind: "reaction"; target: number; emoji: ReactionEmoji; on: boolean };

/** What a member writes to a room: a message (text, files, a reply), or a change to one. */
export type Write =
  | { body: string; attachments?: string[]; replyTo?: number }
  | { change: MessageChange };

/** The change an `edit`, `delete` or `react` frame asks for. */
export function changeOf(
  frame:
    | { type: "edit"; target: number; body: string }
    | { type: "delete"; target: number }
    | { type: "react"; target: number; emoji: ReactionEmoji; on: boolean },
): MessageChange {
  switch (frame.type) {
    case "edit":
      return { kind: "edit", target: frame.target, body: frame.body };
    case "delete":
      return { kind: "delete", target: frame.target };
    case "react":
      return { kind: "reaction", target: frame.target, emoji: frame.emoji, on: frame.on };
  }
}

/** Whether `kind` is the kind of a change event (see `MESSAGE_KIND_RULES`). */
export function isChangeKind(kind: string): kind is ChangeKind {
  return kind === "edit" || kind === "delete" || kind === "reaction";
}

/** `message` with every trace of its content gone: what a delete for everyone leaves. */
export function redacted(message: ChatMessage, at: number, version: number): ChatMessage {
  return { ...emptied(message), deletedAt: at, version };
}

/**
 * The message as the member who deleted it for themselves sees it: in its place, with its
 * text, files and reactions left out. A later event about it changes nothing for them.
 */
export function hiddenForm(message: ChatMessage): ChatMessage {
  return { ...emptied(message), hidden: true };
}

/** The message with its place kept (who, when, in reply to what) and its content left out. */
function emptied(message: ChatMessage): ChatMessage {
  const { roomId, seq, kind, senderId, clientMsgId, replyTo, createdAt } = message;
  return {
    roomId,
    seq,
    kind,
    senderId,
    ...(clientMsgId !== undefined ? { clientMsgId } : {}),
    body: "",
    ...(replyTo !== undefined ? { replyTo } : {}),
    createdAt,
  };
}

function toggled(reactions: readonly Reaction[], emoji: string, userId: string, on: boolean) {
  const out: Reaction[] = [];
  let found = false;
  for (const reaction of reactions) {
    if (reaction.emoji !== emoji) {
      out.push(reaction);
      continue;
    }
    found = true;
    const others = reaction.userIds.filter((id) => id !== userId);
    const userIds = on ? [...others, userId] : others;
    if (on && reaction.userIds.includes(userId)) out.push(reaction);
    else if (userIds.length > 0) out.push({ emoji, userIds });
  }
  if (!found && on) out.push({ emoji, userIds: [userId] });
  return out;
}

/**
 * `message` as it is after `event`: the event applied when it is a change about this
 * message newer than the message's `version`, else `message` itself. A delete also empties
 * the edits of its target (their text was the deleted message's). Applying an event twice,
 * or one the message already shows, changes nothing, so a client may apply every event it
 * gets, in seq order, to whatever copy it holds.
 */
export function applyChange(message: ChatMessage, event: ChatMessage): ChatMessage {
  if (event.roomId !== message.roomId || (message.version ?? 0) >= event.seq) return message;
  if (message.hidden === true) return message; // deleted for this member: stays so
  const version = event.seq;
  if (event.kind === "delete" && message.kind === "edit" && message.target === event.target) {
    return { ...message, body: "", version };
  }
  if (event.target !== message.seq || message.deletedAt !== undefined) return message;
  switch (event.kind) {
    case "edit":
      return { ...message, body: event.body, editedAt: event.createdAt, version };
    case "delete":
      return redacted(message, event.createdAt, version);
    case "reaction": {
      if (event.emoji === undefined || event.senderId === null) return message;
      const reactions = toggled(
        message.reactions ?? [],
        event.emoji,
        event.senderId,
        event.on === true,
      );
      const { reactions: _, ...rest } = message;
      return reactions.length > 0 ? { ...rest, reactions, version } : { ...rest, version };
    }
    default:
      return message;
  }
}

/**
 * One room's messages as a client holds them, keyed by seq, with every change event among
 * them applied, in seq order, to what it changes (its target; a delete to the target's edits
 * too). Events whose target is not held change nothing. The events stay, changed as well.
 */
export function applyChanges(bySeq: Map<number, ChatMessage>): void {
  const events = [...bySeq.values()]
    .filter((m) => m.target !== undefined)
    .sort((a, b) => a.seq - b.seq);
  for (const event of events) {
    const target = bySeq.get(event.target ?? 0);
    if (target) bySeq.set(target.seq, applyChange(target, event));
    if (event.kind !== "delete") continue;
    for (const edit of events) {
      if (edit.kind === "edit" && edit.target === event.target && edit.seq < event.seq) {
        const held = bySeq.get(edit.seq);
        if (held) bySeq.set(edit.seq, applyChange(held, event));
      }
    }
  }
}

/** Whether `message` holds `userId`'s `emoji` now. */
export function hasReacted(message: ChatMessage, emoji: string, userId: string): boolean {
  return message.reactions?.some((r) => r.emoji === emoji && r.userIds.includes(userId)) ?? false;
}
