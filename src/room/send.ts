/**
 * A member's send, and a post of the room's object: stored once per idempotency key, then
 * fanned out by the caller. An object chat's rules hold for both: none once the chat is
 * read-only, contact details hidden while its card says so.
 */
import { hideContacts } from "../objects/contacts";
import {
  type Attachment,
  type ChatMessage,
  chatOpen,
  contactsHidden,
  type MessageChange,
  type MessageKind,
  readOnlyReason,
  type SendResult,
} from "../protocol";
import {
  activeMember,
  comeBack,
  fail,
  notFound,
  type Outcome,
  ok,
  type RoomContext,
} from "./context";
import { OBJECT_POSTER, type RoomRow } from "./store";

/** What a member sends: text, files (as the room stores them, attached already), or both. */
export interface SendInput {
  senderId: string;
  clientMsgId: string;
  body: string;
  attachments?: Attachment[];
  /** The seq of an earlier message of the room it quotes. */
  replyTo?: number;
}

/** A member's send as it reaches the room: its files as upload ids, not yet attached. */
export interface MemberSend extends Omit<SendInput, "attachments"> {
  attachments?: string[];
}

/** A member's edit, delete or reaction, as it reaches the room (see changes.ts). */
export interface MemberChange {
  senderId: string;
  clientMsgId: string;
  change: MessageChange;
}

/** Whatever a member writes to a room: a message, or a change to one. */
export type MemberWrite = MemberSend | MemberChange;

export function send(ctx: RoomContext, input: SendInput): Outcome<SendResult> {
  const room = ctx.store.room();
  if (!room || !activeMember(ctx, input.senderId)) return notFound();
  return storeMessage(ctx, room, input.senderId, input);
}

/**
 * The answer to a member's send that attaches files, when it needs no files to give: not a
 * member, a send stored before (the files were attached then), a read-only chat. Null when
 * the files must be attached first (an await, see ChatRoom) and then {@link send} decides.
 */
export function sendWithoutFiles(
  ctx: RoomContext,
  senderId: string,
  clientMsgId: string,
): Outcome<SendResult> | null {
  const room = ctx.store.room();
  if (!room || !activeMember(ctx, senderId)) return notFound();
  return earlierOrRefused(ctx, room, senderId, clientMsgId);
}

/** A send already stored under this key, or why none may be stored here now; else null. */
export function earlierOrRefused(
  ctx: RoomContext,
  room: RoomRow,
  author: string | null,
  clientMsgId: string,
): Outcome<SendResult> | null {
  const earlier = ctx.store.findSent(author ?? OBJECT_POSTER, clientMsgId);
  if (earlier) {
    const { seq, createdAt } = earlier;
    const value = { roomId: room.id, clientMsgId, seq, createdAt, duplicate: true };
    return ok({ value, appended: [] });
  }
  if (room.blockedBy.length > 0) {
    return fail("blocked", "a block between the two of you closes this chat");
  }
  // An object room's asker is the member who made it (src/routes/objects.ts).
  const { card } = room;
  if (card && !chatOpen(card, room.createdBy)) return fail("room_read_only", readOnlyReason(card));
  return null;
}

/**
 * Stores a message once per (author, `clientMsgId`): a member's text or files, or, with
 * `author` null, a post of the room's object (its token checked by the worker). An object
 * chat's rules hold for both: none once the chat is read-only, contact details hidden while
 * its card says so. The caller checked that the author may write here.
 */
export function storeMessage(
  ctx: RoomContext,
  room: RoomRow,
  author: string | null,
  input: { clientMsgId: string; body: string; attachments?: Attachment[]; replyTo?: number },
): Outcome<SendResult> {
  const answered = earlierOrRefused(ctx, room, author, input.clientMsgId);
  if (answered) return answered;
  const { replyTo } = input;
  if (replyTo !== undefined && !ctx.store.quotable(replyTo)) {
    return fail("invalid_target", `message ${replyTo} of this room cannot be replied to`);
  }
  const { card } = room;
  const body = card && contactsHidden(card, room.createdBy) ? hideContacts(input.body) : input.body;
  const kind: MessageKind = author === null ? "object" : input.attachments ? "attachment" : "text";
  const joined: ChatMessage[] = [];
  const message = ctx.transaction(() => {
    // In an object chat, a member who left (hid it) is back with the other's next message.
    if (card && author !== null) {
      const other = author === room.createdBy ? card.ownerId : room.createdBy;
      const back = comeBack(ctx, room.id, other, author);
      if (back) joined.push(back);
    }
    const appended = ctx.store.append(
      {
        kind,
        senderId: author,
        clientMsgId: input.clientMsgId,
        body,
        ...(input.attachments ? { attachments: input.attachments } : {}),
        ...(replyTo !== undefined ? { replyTo } : {}),
        createdAt: ctx.now,
      },
      room.id,
    );
    // Writing in a room means having read it up to one's own message.
    if (author !== null) ctx.store.markRead(author, appended.seq);
    return appended;
  });
  const value = {
    roomId: room.id,
    clientMsgId: input.clientMsgId,
    seq: message.seq,
    createdAt: message.createdAt,
    duplicate: false,
  };
  return ok({ value, appended: [...joined, message] });
}
