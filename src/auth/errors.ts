/**
 * The error auth raises when it refuses: a code from the wire's list and a message, and for
 * `rate_limited` how long to wait. Auth knows nothing of HTTP; src/http/errors.ts gives each
 * code its status, in one table.
 */
import type { ErrorCode, ProtocolError } from "../protocol";

export class AuthError extends Error {
  override name = "AuthError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** For `rate_limited`: how long until a retry may succeed. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  /** The error as it goes on the wire. */
  toProtocol(): ProtocolError {
    return { code: this.code, message: this.message };
  }
}
