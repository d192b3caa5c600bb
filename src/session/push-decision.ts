/**
 * Whether a delivery to a user should become a push, and to which of their devices: a pure
 * function beside the session's delivery (src/durable/user-session.ts calls it once the
 * batch is logged). The book's rule: push only to devices that are not connected.
 */
import { assertNever, type ChatMessage } from "../protocol";

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
 * what the room records, only being added to a room (the rest a user learns on opening it).
 */
export function notifies(message: ChatMessage, userId: string): boolean {
  switch (message.kind) {
    case "text":
      return message.senderId !== userId;
    case "system": {
      const event = message.system;
      return event?.type === "joined" && event.by !== userId && event.userIds.includes(userId);
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
  if (context.doNotDisturbUntil !== null && context.doNotDisturbUntil > context.now) return null;
  const message = messages.findLast((m) => notifies(m, context.userId));
  if (!message) return null;
  const deviceIds = devices.filter((d) => d.subscribed && !d.connected).map((d) => d.deviceId);
  return deviceIds.length > 0 ? { deviceIds, message } : null;
}
