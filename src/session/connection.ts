/**
 * What a UserSession object makes of one frame from one device socket, as a pure function:
 * a command for the object to carry out. Identity comes from the socket attachment (set from
 * the verified ticket), never from the frame.
 */
import * as v from "valibot";
import {
  assertNever,
  type ClientFrame,
  type ParsedFrame,
  type ProtocolError,
  parseClientFrame,
  type SendResult,
  type ServerFrame,
} from "../protocol";

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

/** What the session object should do about one client frame. */
export type Command =
  | { type: "reply"; frames: ServerFrame[]; close?: { code: number; reason: string } }
  | { type: "hello"; ref?: string; cursor: number }
  | { type: "send"; ref?: string; roomId: string; clientMsgId: string; body: string }
  | { type: "cursor"; cursor: number }
  | { type: "read"; ref?: string; roomId: string; seq: number }
  | { type: "watch"; ref?: string; roomId: string }
  | { type: "typing"; ref?: string; roomId: string; active: boolean };

/** WebSocket close codes used by the server (RFC 6455, 7.4.1). */
export const CLOSE = {
  tooBig: 1009,
  internal: 1011,
  /** Application range: the device was signed out. */
  signedOut: 4001,
  /** Application range: the user opened more sockets than allowed; this, the oldest, went. */
  tooManySockets: 4002,
  /** Application range: no heartbeat within HEARTBEAT_TIMEOUT_MS. */
  heartbeatTimeout: 4003,
  /** Application range: a room socket whose user left or was removed from the room. */
  notMember: 4004,
} as const;

/** Parses one frame into a command. Identity never comes from the frame. */
export function toCommand(raw: string | ArrayBuffer, maxFrameBytes: number): Command {
  const parsed = parseClientFrame(raw, maxFrameBytes);
  return parsed.ok ? fromFrame(parsed.value) : refusal(parsed);
}

/** The answer to a frame that did not parse; one too large also closes the socket. */
export function refusal(
  parsed: Extract<ParsedFrame, { ok: false }>,
): Extract<Command, { type: "reply" }> {
  const error: ServerFrame = {
    type: "error",
    ...parsed.error,
    ...(parsed.ref ? { ref: parsed.ref } : {}),
  };
  if (parsed.error.code === "payload_too_large") {
    return {
      type: "reply",
      frames: [error],
      close: { code: CLOSE.tooBig, reason: "frame too large" },
    };
  }
  return { type: "reply", frames: [error] };
}

/** The answer to a `send`, on either socket, with the frame's ref: its `ack`, or the error. */
export function sendAnswer(
  ref: string | undefined,
  outcome: { ok: true; value: SendResult } | { ok: false; error: ProtocolError },
): ServerFrame {
  const refs = ref ? { ref } : {};
  return outcome.ok
    ? { type: "ack", ...refs, ...outcome.value }
    : { type: "error", ...refs, ...outcome.error };
}

/** Past the sender's bucket. */
export const sendRateLimited = (retryAfterMs: number): ProtocolError => ({
  code: "rate_limited",
  message: `sending too fast; retry in ${retryAfterMs} ms`,
});

/** The device was signed out: nothing more from it is taken. */
export const SESSION_REVOKED: ProtocolError = {
  code: "session_revoked",
  message: "this device has been signed out",
};

/**
 * An answer of an object to a caller that is not a socket (a route): the value, or the
 * error and, for `rate_limited`, how long to wait.
 */
export type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: ProtocolError; retryAfterMs?: number };

/** Not known to be stored: the client resends with the same clientMsgId. */
export const SEND_NOT_CONFIRMED: ProtocolError = {
  code: "internal",
  message: "message not confirmed; resend it with the same clientMsgId",
};

function fromFrame(frame: ClientFrame): Command {
  const ref = frame.id ? { ref: frame.id } : {};
  switch (frame.type) {
    case "hello":
      return { type: "hello", ...ref, cursor: frame.cursor ?? 0 };
    case "send":
      return {
        type: "send",
        ...ref,
        roomId: frame.roomId,
        clientMsgId: frame.clientMsgId,
        body: frame.body,
      };
    case "cursor":
      return { type: "cursor", cursor: frame.cursor };
    case "read":
      return { type: "read", ...ref, roomId: frame.roomId, seq: frame.seq };
    case "watch":
      return { type: "watch", ...ref, roomId: frame.roomId };
    case "typing":
      return { type: "typing", ...ref, roomId: frame.roomId, active: frame.active ?? true };
    default:
      return assertNever(frame);
  }
}
