/**
 * Whether a delivery to a user should become a push, and to which of their devices: a pure
 * function beside the session's delivery (src/durable/user-session.ts calls it once the
 * batch is logged). The book's rule: push only to devices that are not connected.
 */

import {
  assertNever,
  type ChatMessage,
  doNotDisturbOn,
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
  const event = message.system;
  const from =
    message.kind === "text"
      ? message.senderId
      : message.kind === "object"
        ? OBJECT_SENDER
        : event?.type === "joined" || event?.type === "created"
          ? event.by
          : null;
  if (from === null) return null;
  const kind = message.kind === "system" ? "added" : message.kind === "text" ? "message" : "object";
  return {
    v: 1,
    userId,
    roomId: message.roomId,
    seq: message.seq,
    kind,
    from,
    text: message.kind === "system" ? "" : message.body,
    at: message.createdAt,
  };
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
