import { AuthError } from "../auth/errors";
import type { ErrorBody, ErrorCode, Outcome, ProtocolError } from "../protocol";

type Status = 400 | 401 | 403 | 404 | 409 | 411 | 413 | 415 | 426 | 429 | 500 | 503;

/** The HTTP status of each error code, as docs/protocol.md lists them. */
const STATUS_OF: Record<ErrorCode, Status> = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  payload_too_large: 413,
  unauthorized: 401,
  invalid_token: 401,
  token_expired: 401,
  invalid_credentials: 401,
  refresh_token_reused: 401,
  session_revoked: 401,
  forbidden: 403,
  forbidden_origin: 403,
  not_found: 404,
  username_taken: 409,
  room_full: 409,
  object_unavailable: 409,
  room_read_only: 409,
  length_required: 411,
  unsupported_media_type: 415,
  bad_attachment: 400,
  invalid_target: 400,
  target_deleted: 409,
  edit_window_closed: 403,
  blocked: 403,
  upgrade_required: 426,
  rate_limited: 429,
  internal: 500,
  push_unavailable: 503,
  // A frame's code only; a route never answers it.
  unknown_frame: 400,
};

/**
 * The one error type of the HTTP layer. Thrown anywhere in a request; `app.onError` turns it
 * into `{ error: { code, message } }` with its status. Anything else becomes a 500 `internal`
 * whose details go to the log, never to the client.
 */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: Status,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  /**
   * An error answered by an object or the protocol module, with its code's status; a wait
   * (`rate_limited`) becomes `Retry-After` in whole seconds.
   */
  static from(error: ProtocolError, retryAfterMs?: number): ApiError {
    const status = STATUS_OF[error.code];
    const headers: Record<string, string> =
      retryAfterMs !== undefined
        ? { "Retry-After": String(Math.max(1, Math.ceil(retryAfterMs / 1000))) }
        : {};
    return new ApiError(status, error.code, error.message, headers);
  }

  /**
   * The answer to what a request threw, when it is an error the client may see: an
   * {@link ApiError} as it is, a domain error (auth's) with its code's status. Null for
   * anything else, which stays in the log.
   */
  static of(error: unknown): ApiError | null {
    if (error instanceof ApiError) return error;
    if (error instanceof AuthError) return ApiError.from(error.toProtocol(), error.retryAfterMs);
    return null;
  }

  body(): ErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

/** The value of a result from an object, or its error thrown as an {@link ApiError}. */
export function unwrap<T>(result: Outcome<T>): T {
  if (result.ok) return result.value;
  throw ApiError.from(result.error, result.retryAfterMs);
}
