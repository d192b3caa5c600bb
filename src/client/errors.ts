import type { ErrorCode } from "../protocol";

/** Refusals after which sending the same frame again cannot succeed. */
export const FINAL_CODES: ReadonlySet<string> = new Set([
  "not_found",
  "forbidden",
  "validation_failed",
  "bad_request",
  "payload_too_large",
]);

/** An error answer from the server, with its stable code. */
export class ChatApiError extends Error {
  override name = "ChatApiError";
  constructor(
    readonly status: number,
    readonly code: ErrorCode | "network_error",
    message: string,
    /** Seconds to wait before retrying, from Retry-After on 429. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}
