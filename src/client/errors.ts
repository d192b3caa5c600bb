import type { ErrorBody, ErrorCode } from "../protocol";

/** Refusals after which sending the same frame again cannot succeed. */
export const FINAL_CODES: ReadonlySet<string> = new Set([
  "not_found",
  "forbidden",
  "validation_failed",
  "bad_request",
  "payload_too_large",
  // A file a message names that may not go there (an upload swept, or of another room).
  "bad_attachment",
  // A chat that takes no messages now (its object closed, deleted or sold to another).
  "room_read_only",
  // A reply to, or a change of, a message it cannot apply to (a system message, none at
  // that seq, one too old to change).
  "invalid_target",
  // A change of a message deleted for everyone, or an edit after the window closed.
  "target_deleted",
  "edit_window_closed",
  // A chat closed by a block between its two members (only the blocker lifts it).
  "blocked",
]);

/**
 * HTTP 4xx statuses that asking again may cure: a time-out, too early, a rate limit. A 401
 * is the session's business (the ApiClient refreshes; a device signed out stops).
 */
const PASSING_4XX: ReadonlySet<number> = new Set([401, 408, 425, 429]);

/** An error answer from the server, with its stable code. */
export class ChatApiError extends Error {
  override name = "ChatApiError";
  constructor(
    readonly status: number,
    readonly code: ErrorCode | "network_error" | "aborted",
    message: string,
    /** Seconds to wait before retrying, from Retry-After on 429. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/**
 * True for a refusal that asking again cannot change: an HTTP 4xx other than those in
 * {@link PASSING_4XX} (whatever its body says, so a proxy's 404 counts too), or a socket
 * frame refused with a final code. Such an answer must never make a client reconnect or
 * retry: it is an answer about that one request.
 */
export function isFinal(error: unknown): error is ChatApiError {
  if (!(error instanceof ChatApiError)) return false;
  if (error.status >= 400 && error.status < 500) return !PASSING_4XX.has(error.status);
  return error.status === 0 && FINAL_CODES.has(error.code);
}

/** The error an HTTP answer that is not ok stands for: its JSON error body, else its status. */
export function answerError(status: number, text: string, retryAfter: string | null): ChatApiError {
  let parsed: ErrorBody | null = null;
  try {
    parsed = JSON.parse(text) as ErrorBody;
  } catch {
    // Not our JSON error body (a proxy in between, say).
  }
  const retry = Number(retryAfter);
  return new ChatApiError(
    status,
    parsed?.error?.code ?? "internal",
    parsed?.error?.message ?? `HTTP ${status}`,
    Number.isFinite(retry) && retry > 0 ? retry : undefined,
  );
}
