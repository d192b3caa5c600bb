/**
 * Whether a delivery to a user should become a push, and to which of their devices: a pure
 * function beside the session's delivery (src/durable/user-session.ts calls it once the
 * batch is logged). The book's rule: push only to devices that are not connected.
 */

import {
  assertNever,
  type ChatMessage,
  doNotDisturbOn,
  INLINE_MEDIA_TYPES,
  type InboxEntry,
  roomKindOf,
} from "../protocol";
import { OBJECT_SENDER, type PushJob } from "../push/job";

/** A device of the user, as the session knows it when a batch arrives. */
export interface PushDevice {
  deviceId: string;
  /** A socket of this device is open: it got the messages already, no push. */
  connected: boolean;
  /** The device registered a push subscription. */
  subscribed: boolean;
}

export interface PushContext {
  /** The user the batch is for. */
  userId: string;
  /** The user muted this room. */
  muted: boolean;
  /** Do-not-disturb until this time (ms), if set. */
  doNotDisturbUntil: number | null;
  now: number;
}

/**
 * Whether this message is worth a notification to `userId`: what someone else wrote, and of
 * what the room records, only being added to a room, at its creation or later (the rest a
 * user learns on opening it).
 */
export function notifies(message: ChatMessage, userId: string): boolean {
  switch (message.kind) {
    case "text":
    case "attachment":
      return message.senderId !== userId;
    case "object":
      return true; // the chat's object wrote it, never the user
    case "system": {
      const event = message.system;
      if (event?.type === "joined") return event.by !== userId && event.userIds.includes(userId);
      // Only a group's creation is news; a pair's (direct, object) waits for its first message.
      if (event?.type === "created" && roomKindOf(message.roomId) === "group") {
        return event.by !== userId && event.memberIds.includes(userId);
      }
      return false;
    }
    case "edit":
    case "delete":
    case "reaction":
      return false; // changes to messages are seen on opening the room, never pushed
    default:
      return assertNever(message.kind);
  }
}

/**
 * The devices to push to for a batch of `messages`, and the newest message worth it (what
 * the notification shows); none when the room is muted, do-not-disturb is on, nothing in
 * the batch notifies, or every subscribed device is connected.
 */
export function pushTargets(
  messages: readonly ChatMessage[],
  devices: readonly PushDevice[],
  context: PushContext,
): { deviceIds: string[]; message: ChatMessage } | null {
  if (context.muted) return null;
  if (doNotDisturbOn(context.doNotDisturbUntil, context.now)) return null;
  const message = messages.findLast((m) => notifies(m, context.userId));
  if (!message) return null;
  const deviceIds = devices.filter((d) => d.subscribed && !d.connected).map((d) => d.deviceId);
  return deviceIds.length > 0 ? { deviceIds, message } : null;
}

/** The job for the newest message of a delivery worth a push (see {@link pushTargets}). */
export function pushJob(userId: string, message: ChatMessage): PushJob | null {
  const job = {
    v: 1 as const,
    userId,
    roomId: message.roomId,
    seq: message.seq,
    at: message.createdAt,
  };
  switch (message.kind) {
    case "text":
    case "attachment":
      if (message.senderId === null) return null;
      return { ...job, kind: "message", from: message.senderId, text: pushText(message) };
    case "object":
      return { ...job, kind: "object", from: OBJECT_SENDER, text: message.body };
    case "system": {
      const event = message.system;
      if (event?.type !== "joined" && event?.type !== "created") return null;
      return { ...job, kind: "added", from: event.by, text: "" };
    }
    case "edit":
    case "delete":
    case "reaction":
      return null;
    default:
      return assertNever(message.kind);
  }
}

/**
 * What a push says of a message: its text; for files without a caption, what they are
 * ("📷 Photo", "📷 3 photos", "📎 plan.pdf", "📎 2 files"). English, as every push's text.
 */
export function pushText(message: Pick<ChatMessage, "body" | "attachments">): string {
  const files = message.attachments ?? [];
  if (message.body.trim().length > 0 || files.length === 0) return message.body;
  const photos = files.every((file) => INLINE_MEDIA_TYPES.includes(file.type));
  if (photos) return files.length === 1 ? "📷 Photo" : `📷 ${files.length} photos`;
  const only = files.length === 1 ? files[0] : undefined;
  return only ? `📎 ${only.name ?? "File"}` : `📎 ${files.length} files`;
}

/** A subscribed device as the session knows it when a job is sent. */
export interface PlanDevice {
  deviceId: string;
  connected: boolean;
  /** The newest seq of the job's room already pushed to it. */
  pushedSeq: number;
}

/**
 * The devices a queued job still goes to when it is sent, decided again on the session's
 * state then (the job may have waited): none when the user has left or muted the room, is
 * on do-not-disturb, or has read up to the message since; none to a device that has
 * connected since or got this seq or a newer one of the room pushed already (a redelivered
 * job, or a later message's job that went first).
 */
export function planPush(
  job: Pick<PushJob, "seq">,
  room: Pick<InboxEntry, "membership" | "muted" | "readSeq"> | null,
  devices: readonly PlanDevice[],
  prefs: { doNotDisturbUntil: number | null; now: number },
): string[] {
  if (room === null || room.membership !== "member" || room.muted) return [];
  if (doNotDisturbOn(prefs.doNotDisturbUntil, prefs.now)) return [];
  if (room.readSeq >= job.seq) return [];
  return devices.filter((d) => !d.connected && d.pushedSeq < job.seq).map((d) => d.deviceId);
}
