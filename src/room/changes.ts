/**
 * Edits, deletes and reactions (docs/decisions/0008-changing-messages.md): each is a new
 * event under the room's next seq that names its target, checked against the target when it
 * is sent, stored with the target's new state in one transaction, and fanned out like any
 * message. Idempotent by (sender, `clientMsgId`) like a send.
 */
import { hideContacts } from "../objects/contacts";
import {
  applyChange,
  type ChangeKind,
  type ChatMessage,
  contactsHidden,
  hasReacted,
  MESSAGE_KIND_RULES,
  type MessageChange,
  mayIn,
  type SendResult,
} from "../protocol";
import { activeMember, fail, notFound, type Outcome, ok, type RoomContext } from "./context";
import { earlierOrRefused, type MemberChange } from "./send";
import type { MemberRow, RoomRow } from "./store";

const VERB: Record<ChangeKind, string> = {
  edit: "edited",
  delete: "deleted",
  reaction: "reacted to",
};

export function changeMessage(ctx: RoomContext, input: MemberChange): Outcome<SendResult> {
  const room = ctx.store.room();
  const member = room ? activeMember(ctx, input.senderId) : null;
  if (!room || !member) return notFound();
  const { change } = input;
  // A read-only chat takes no edits or reactions; a member may still take their words back.
  const earlier = earlierOrRefused(ctx, room, input.senderId, input.clientMsgId);
  if (earlier && (earlier.ok || change.kind !== "delete")) return earlier;
  const target = ctx.store.states.held(room.id, change.target);
  const refused = refusal(ctx, room, member, change, target);
  if (refused) return refused;
  if (!target) return fail("invalid_target", "no such message");
  if (
    change.kind === "reaction" &&
    hasReacted(target, change.emoji, input.senderId) === change.on
  ) {
    // Already so: nothing to record. The answer names the newest change to the message.
    const seq = target.version ?? target.seq;
    const value = { roomId: room.id, clientMsgId: input.clientMsgId, seq, duplicate: true };
    return ok({ value: { ...value, createdAt: ctx.now }, appended: [] });
  }
  const event = ctx.transaction(() => {
    const appended = ctx.store.append(
      {
        kind: change.kind,
        senderId: input.senderId,
        clientMsgId: input.clientMsgId,
        body: change.kind === "edit" ? editedBody(room, change.body) : "",
        createdAt: ctx.now,
        target: change.target,
        ...(change.kind === "reaction" ? { emoji: change.emoji, on: change.on } : {}),
      },
      room.id,
    );
    ctx.store.states.write(applyChange(target, appended));
    if (change.kind === "delete") {
      const files = (target.attachments ?? []).flatMap((a) =>
        a.thumbId ? [a.id, a.thumbId] : [a.id],
      );
      ctx.store.states.redact(target.seq, appended.seq, files);
    }
    return appended;
  });
  const value: SendResult = {
    roomId: room.id,
    clientMsgId: input.clientMsgId,
    seq: event.seq,
    createdAt: event.createdAt,
    duplicate: false,
  };
  return ok({ value, appended: [event] });
}

/** An edit in an object chat hides contact details as a send does while the card says so. */
function editedBody(room: RoomRow, body: string): string {
  const { card } = room;
  return card && contactsHidden(card, room.createdBy) ? hideContacts(body) : body;
}

/** Why `change` may not be made to `target` by `member`; null when it may. */
function refusal(
  ctx: RoomContext,
  room: RoomRow,
  member: MemberRow,
  change: MessageChange,
  target: ChatMessage | null,
): Outcome<SendResult> | null {
  const seq = change.target;
  if (!target) {
    const { trimmedTo } = ctx.store.retention.state();
    return seq <= trimmedTo && seq <= room.lastSeq
      ? fail("invalid_target", `message ${seq} is too old to be ${VERB[change.kind]}`)
      : fail("invalid_target", `this room has no message ${seq}`);
  }
  if (!MESSAGE_KIND_RULES[target.kind].changes.includes(change.kind)) {
    return fail("invalid_target", `a ${target.kind} message cannot be ${VERB[change.kind]}`);
  }
  if (target.deletedAt !== undefined) {
    return fail("target_deleted", `message ${seq} was deleted`);
  }
  const own = target.senderId === member.userId;
  switch (change.kind) {
    case "edit": {
      if (!own) return fail("forbidden", "only its sender edits a message");
      const windowMs = ctx.settings.EDIT_WINDOW_SECONDS * 1000;
      if (ctx.now - target.createdAt > windowMs) {
        const hours = ctx.settings.EDIT_WINDOW_SECONDS / 3600;
        return fail("edit_window_closed", `a message may be edited for ${hours} h after sending`);
      }
      if (target.kind === "text" && change.body.trim().length === 0) {
        return fail("validation_failed", "body must not be empty");
      }
      return null;
    }
    case "delete":
      return own || mayIn(room.kind, member.role, "deleteAny")
        ? null
        : fail("forbidden", "only its sender, or a group's owner or admins, delete a message");
    case "reaction":
      return null;
  }
}
