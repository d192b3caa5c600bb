/**
 * Editing a message in the composer: its text put in the field (the draft kept aside and
 * put back after), a line above saying what is edited, Save (a text message may not be
 * emptied; nothing is sent when nothing changed) and Cancel.
 */
import type { RefObject } from "preact";
import { useEffect, useRef } from "preact/hooks";
import type { ChatMessage } from "../../../src/protocol";
import { excerpt } from "../state/excerpt";
import { messageText, type Ui } from "./describe";

/** The id the composer's field is described by while editing. */
export const EDIT_BANNER = "edit-draft";

/** Above the composer while editing: what is edited, one line of it as it was ("📷 Photo"). */
export function EditBanner(props: { ui: Ui; message: ChatMessage }) {
  return (
    <div class="reply-draft quote" id={EDIT_BANNER}>
      <span class="quote-lines">
        <span class="quote-sender">{props.ui.t("editing")}</span>
        <span class="quote-text">{excerpt(messageText(props.ui, props.message))}</span>
      </span>
    </div>
  );
}

export function useEditing(options: {
  ui: Ui;
  field: RefObject<HTMLTextAreaElement | null>;
  editing: ChatMessage | null;
  onDone: () => void;
  setError: (error: string | null) => void;
}): { end: () => void; save: () => void } {
  const { ui, field, editing } = options;
  const draft = useRef("");
  useEffect(() => {
    const el = field.current;
    if (!el || !editing) return;
    draft.current = el.value;
    el.value = editing.body;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, [editing]);
  const end = () => {
    const el = field.current;
    if (el) {
      el.value = draft.current;
      el.focus();
    }
    options.setError(null);
    options.onDone();
  };
  const save = () => {
    const el = field.current;
    if (!el || !editing) return;
    // A caption may be emptied; a text message may not (Delete is for that).
    if (editing.kind === "text" && el.value.trim() === "") {
      options.setError(ui.t("editBlank"));
      return;
    }
    if (el.value !== editing.body) {
      // A refusal comes as the client's `failed` event, which the room tells.
      ui.store.client.edit(editing.roomId, editing.seq, el.value).catch(() => {});
    }
    end();
  };
  return { end, save };
}
