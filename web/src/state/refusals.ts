/**
 * Why the server refused something in a room, in the reader's language: the codes a person
 * meets there most read as a reason in that room's words ("you are no longer in this
 * chat"); any other code reads as error-text.ts says it.
 */
import type { MessageChange } from "../../../src/protocol";
import type { StringKey, Translate } from "../i18n";
import { codeText } from "./error-text";

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

/** The reason for a refusal with `code`, in words. */
export function refusalText(t: Translate, code: string): string {
  const key = SENTENCES[code];
  return key ? t(key) : codeText(t, code);
}

/** What could not be done: "Could not edit the message: …" and the like. */
export function changeRefusalText(
  t: Translate,
  change: Pick<MessageChange, "kind">,
  code: string,
): string {
  const reason = refusalText(t, code).replace(/\.$/, ""); // the sentence around it ends it
  const what: StringKey =
    change.kind === "edit"
      ? "editRefused"
      : change.kind === "delete"
        ? "deleteRefused"
        : "reactRefused";
  return t(what, { reason });
}
