/**
 * What the server answers on a socket or to a route, built in one place for the session's
 * sockets, the room's sockets and the HTTP layer alike: refusals of frames that did not
 * parse, the answer to a `send`, and the error values that reach the wire.
 */
import { CLOSE } from "./closes";
import type { ServerFrame } from "./frames";
import type { SendResult } from "./model";
import type { ParsedFrame, ProtocolError } from "./parse";

/** Frames to send back on the socket a frame came from, and maybe a close after them. */
export interface Reply {
  type: "reply";
  frames: ServerFrame[];
  close?: { code: number; reason: string };
}

/** The answer to a frame that did not parse; one too large also closes the socket. */
export function refusal(parsed: Extract<ParsedFrame, { ok: false }>): Reply {
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

/** Not known to be stored: the client resends with the same clientMsgId. */
export const SEND_NOT_CONFIRMED: ProtocolError = {
  code: "internal",
  message: "message not confirmed; resend it with the same clientMsgId",
};

/**
 * An answer of an object to a caller that is not a socket (a route): the value, or the
 * error and, for `rate_limited`, how long to wait.
 */
export type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: ProtocolError; retryAfterMs?: number };
