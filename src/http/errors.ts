import type { ErrorBody, ErrorCode, ProtocolError } from "../protocol";

/**
 * The one error type of the HTTP layer. Thrown anywhere in a request; `app.onError` turns it
 * into `{ error: { code, message } }` with its status. Anything else becomes a 500 `internal`
 * whose details go to the log, never to the client.
 */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 426 | 429 | 500,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  static from(error: ProtocolError): ApiError {
    return new ApiError(error.code === "payload_too_large" ? 413 : 400, error.code, error.message);
  }

  body(): ErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}
