/**
 * Why the server refused something, in the reader's language: the codes a person can meet
 * in a room (docs/protocol.md, Error codes) have a sentence each; any other shows the
 * server's own message, which is English.
 */
import type { MessageChange } from "../../../src/protocol";
import type { StringKey, Translate } from "../i18n";

const SENTENCES: Readonly<Record<string, StringKey>> = {
  blocked: "refusedBlocked",
  edit_window_closed: "refusedEditWindow",
  target_deleted: "refusedDeleted",
  room_read_only: "refusedReadOnly",
  forbidden: "refusedForbidden",
  invalid_target: "refusedTarget",
  rate_limited: "refusedRateLimited",
  not_found: "refusedNotMember",
};

/** The reason for a refusal with `code`, in words; `fallback` (the server's text) if none. */
export function refusalText(t: Translate, code: string, fallback: string): string {
  const key = SENTENCES[code];
  return key ? t(key) : fallback;
}

/** What could not be done: "Could not edit the message: …" and the like. */
export function changeRefusalText(
  t: Translate,
  change: Pick<MessageChange, "kind">,
  code: string,
  fallback: string,
): string {
  const reason = refusalText(t, code, fallback);
  const what: StringKey =
    change.kind === "edit"
      ? "editRefused"
      : change.kind === "delete"
        ? "deleteRefused"
        : "reactRefused";
  return t(what, { reason });
}
