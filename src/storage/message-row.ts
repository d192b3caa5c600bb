/**
 * The one mapping between a message and a SQL row, for every table that holds messages: the
 * room's own `messages` (src/room/schema.ts), the D1 archive `archive_messages`
 * (migrations/) and the search over it. A field added to {@link ChatMessage} is added here,
 * in one room migration and in one D1 migration, and nowhere else.
 */
import * as v from "valibot";
import {
  type Attachment,
  type ChatMessage,
  MESSAGE_KINDS,
  type MessageKind,
  type Reaction,
  StoredAttachment,
  type SystemEvent,
} from "../protocol";
import { num, optNum, optStr, type Row, str } from "./rows";

/** The columns that hold a message, in the order of {@link messageValues}. */
export const MESSAGE_COLUMNS = [
  "seq",
  "kind",
  "sender_id",
  "client_msg_id",
  "body",
  "system",
  "created_at",
  "attachments",
  "reply_to",
  "target",
  "emoji",
  "reaction_on",
  "edited_at",
  "deleted_at",
  "version",
  "reactions",
] as const;

/** The columns, comma-separated, each prefixed with `alias.` when given: for SELECT lists. */
export function messageColumns(alias?: string): string {
  return MESSAGE_COLUMNS.map((c) => (alias ? `${alias}.${c}` : c)).join(", ");
}

/**
 * Numbered placeholders for the columns, the first being `?first`, for INSERT lists. Numbered,
 * so that a statement may use a value twice (SQLite numbers a bare `?` after the highest
 * number used before it).
 */
export function numberedPlaceholders(first: number): string {
  return MESSAGE_COLUMNS.map((_, i) => `?${first + i}`).join(", ");
}

/** The message's column values, in the order of {@link MESSAGE_COLUMNS}. */
export function messageValues(m: Omit<ChatMessage, "roomId">): (string | number | null)[] {
  return [
    m.seq,
    m.kind,
    m.senderId,
    m.clientMsgId ?? null,
    m.body,
    m.system ? JSON.stringify(m.system) : null,
    m.createdAt,
    m.attachments ? JSON.stringify(m.attachments) : null,
    m.replyTo ?? null,
    m.target ?? null,
    m.emoji ?? null,
    m.on === undefined ? null : m.on ? 1 : 0,
    m.editedAt ?? null,
    m.deletedAt ?? null,
    m.version ?? 0,
    m.reactions && m.reactions.length > 0 ? JSON.stringify(m.reactions) : null,
  ];
}

function messageKind(row: Row): MessageKind {
  const kind = str(row, "kind");
  if (!(MESSAGE_KINDS as readonly string[]).includes(kind)) {
    throw new Error(`column kind holds an unknown message kind: ${kind.slice(0, 40)}`);
  }
  return kind as MessageKind;
}

function systemEvent(row: Row): SystemEvent | null {
  const text = optStr(row, "system");
  if (text === null) return null;
  const event: unknown = JSON.parse(text);
  if (typeof event !== "object" || event === null || !("type" in event)) {
    throw new Error("column system does not hold a system event");
  }
  return event as SystemEvent;
}

const StoredAttachments = v.array(StoredAttachment);
const StoredReactions = v.array(v.object({ emoji: v.string(), userIds: v.array(v.string()) }));

function reactionsOf(row: Row): Reaction[] | null {
  const text = optStr(row, "reactions");
  if (text === null) return null;
  const parsed = v.safeParse(StoredReactions, JSON.parse(text));
  if (!parsed.success) throw new Error("column reactions does not hold reactions");
  return parsed.output;
}

function attachmentsOf(row: Row): Attachment[] | null {
  const text = optStr(row, "attachments");
  if (text === null) return null;
  const parsed = v.safeParse(StoredAttachments, JSON.parse(text));
  if (!parsed.success) throw new Error("column attachments does not hold attachments");
  return parsed.output;
}

/** A message from a row holding {@link MESSAGE_COLUMNS}, each column's type checked. */
export function toMessage(row: Row, roomId: string): ChatMessage {
  const system = systemEvent(row);
  const attachments = attachmentsOf(row);
  const replyTo = optNum(row, "reply_to");
  const clientMsgId = optStr(row, "client_msg_id");
  const target = optNum(row, "target");
  const emoji = optStr(row, "emoji");
  const on = optNum(row, "reaction_on");
  const editedAt = optNum(row, "edited_at");
  const deletedAt = optNum(row, "deleted_at");
  const version = optNum(row, "version");
  const reactions = reactionsOf(row);
  return {
    roomId,
    seq: num(row, "seq"),
    kind: messageKind(row),
    senderId: optStr(row, "sender_id"),
    ...(clientMsgId !== null ? { clientMsgId } : {}),
    body: str(row, "body"),
    ...(attachments !== null ? { attachments } : {}),
    ...(replyTo !== null ? { replyTo } : {}),
    ...(system !== null ? { system } : {}),
    createdAt: num(row, "created_at"),
    ...(target !== null ? { target } : {}),
    ...(emoji !== null ? { emoji } : {}),
    ...(on !== null ? { on: on === 1 } : {}),
    ...(editedAt !== null ? { editedAt } : {}),
    ...(deletedAt !== null ? { deletedAt } : {}),
    ...(reactions !== null ? { reactions } : {}),
    ...(version ? { version } : {}),
  };
}

/**
 * The message exactly as {@link toMessage} reads it back once stored (the same fields in the
 * same order), without a query: what the room hands on after an insert. `values` are those
 * the insert bound, when the caller has them.
 */
export function asStored(
  message: Omit<ChatMessage, "roomId">,
  roomId: string,
  values = messageValues(message),
): ChatMessage {
  return toMessage(Object.fromEntries(MESSAGE_COLUMNS.map((c, i) => [c, values[i]])), roomId);
}
