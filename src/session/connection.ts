/**
 * What a UserSession object does with one frame from one device socket, as a pure function:
 * it returns the frames to send and whether to close. The Durable Object class only moves
 * bytes between sockets and this module.
 */
import * as v from "valibot";
import { assertNever, type ClientFrame, parseClientFrame, type ServerFrame } from "../protocol";
import type { Settings } from "../settings";

/** Stored in each socket's attachment (survives hibernation; at most 16 KiB). */
export const SocketAttachment = v.object({
  userId: v.string(),
  deviceId: v.string(),
  connectedAt: v.number(),
});
export type SocketAttachment = v.InferOutput<typeof SocketAttachment>;

/** Validates an attachment read back after hibernation; null if it is not ours. */
export function readAttachment(value: unknown): SocketAttachment | null {
  const parsed = v.safeParse(SocketAttachment, value);
  return parsed.success ? parsed.output : null;
}

export interface FrameContext {
  socket: SocketAttachment;
  /** The newest event sequence held for this user. */
  cursor: number;
  now: number;
  settings: Settings;
}

export interface FrameOutcome {
  send: ServerFrame[];
  close?: { code: number; reason: string };
}

/** WebSocket close codes used by the server (RFC 6455, 7.4.1). */
export const CLOSE = {
  policy: 1008,
  tooBig: 1009,
  internal: 1011,
  /** Application range: the device was signed out. */
  signedOut: 4001,
} as const;

export function onClientFrame(raw: string | ArrayBuffer, ctx: FrameContext): FrameOutcome {
  const parsed = parseClientFrame(raw, ctx.settings.MAX_FRAME_BYTES);
  if (!parsed.ok) {
    const error: ServerFrame = {
      type: "error",
      ...parsed.error,
      ...(parsed.ref ? { ref: parsed.ref } : {}),
    };
    if (parsed.error.code === "payload_too_large") {
      return { send: [error], close: { code: CLOSE.tooBig, reason: "frame too large" } };
    }
    return { send: [error] };
  }
  return handle(parsed.value, ctx);
}

function handle(frame: ClientFrame, ctx: FrameContext): FrameOutcome {
  switch (frame.type) {
    case "hello":
      return {
        send: [
          {
            type: "welcome",
            ...(frame.id ? { ref: frame.id } : {}),
            userId: ctx.socket.userId,
            deviceId: ctx.socket.deviceId,
            cursor: ctx.cursor,
            serverTime: ctx.now,
            heartbeatIntervalMs: ctx.settings.HEARTBEAT_INTERVAL_MS,
          },
        ],
      };
    default:
      return assertNever(frame.type);
  }
}
