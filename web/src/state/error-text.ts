/**
 * A server's refusal in the reader's language, from its stable `code` (docs/protocol.md,
 * Error codes), never from its `message`, which is English and meant for developers. Every
 * code has a sentence; a code this app does not know, or an error that is no answer of the
 * server's, gets a general one.
 */
import { ChatApiError } from "../../../src/client";
import type { ErrorCode } from "../../../src/protocol";
import type { StringKey, Translate } from "../i18n";
import { UnknownUsers } from "./find-users";

/** The codes a user can meet: the server's, and the SDK's own two. */
export type ShownCode = ErrorCode | "network_error" | "aborted";

export const ERROR_TEXTS: Readonly<Record<ShownCode, StringKey>> = {
  bad_request: "error_bad_request",
  invalid_json: "error_invalid_json",
  validation_failed: "error_validation_failed",
  payload_too_large: "error_payload_too_large",
  unauthorized: "error_unauthorized",
  invalid_token: "error_invalid_token",
  token_expired: "error_token_expired",
  invalid_credentials: "error_invalid_credentials",
  refresh_token_reused: "error_refresh_token_reused",
  session_revoked: "error_session_revoked",
  username_taken: "error_username_taken",
  forbidden: "error_forbidden",
  room_full: "error_room_full",
  rate_limited: "error_rate_limited",
  forbidden_origin: "error_forbidden_origin",
  upgrade_required: "error_upgrade_required",
  not_found: "error_not_found",
  unknown_frame: "error_unknown_frame",
  push_unavailable: "error_push_unavailable",
  object_unavailable: "error_object_unavailable",
  room_read_only: "error_room_read_only",
  length_required: "error_length_required",
  unsupported_media_type: "error_unsupported_media_type",
  bad_attachment: "error_bad_attachment",
  invalid_target: "error_invalid_target",
  target_deleted: "error_target_deleted",
  edit_window_closed: "error_edit_window_closed",
  blocked: "blockedBetween",
  internal: "error_internal",
  network_error: "error_network_error",
  aborted: "error_aborted",
};

/** The sentence for an error `code`; the general one for a code not known here. */
export function codeText(t: Translate, code: string): string {
  const key: StringKey | undefined = (ERROR_TEXTS as Readonly<Record<string, StringKey>>)[code];
  return t(key ?? "error_unknown");
}

/** What went wrong, for any error a request threw. */
export function errorText(t: Translate, cause: unknown): string {
  if (cause instanceof UnknownUsers)
    return t("unknownUsers", { names: cause.usernames.join(", ") });
  return cause instanceof ChatApiError ? codeText(t, cause.code) : t("error_unknown");
}
