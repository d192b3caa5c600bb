import type { ErrorCode } from "../protocol";

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
