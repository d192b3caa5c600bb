/**
 * Where messages are written, and files attached: by the button, by pasting, or by dropping
 * them on the room (the room screen hands dropped files over through `attach`). Each file
 * shows as a chip while it is made ready (an image resized, in code loaded only then), and
 * can be taken out before sending. A message chosen to reply to shows quoted above it (Esc
 * or ✕ cancels), and what is sent next replies to it. A message chosen to edit puts its
 * text here, with Save and Cancel (Enter and Esc), the draft put back after. Disabled, with
 * the reason, in a chat that takes none. The field grows with its lines up to a limit (the
 * stylesheet's max-height), then scrolls; what is written stays as the room's draft
 * (storage/draft-store.ts) until it is sent.
 */
import type { RefObject } from "preact";
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { FileToSend } from "../../../src/client";
import { type ChatMessage, LIMITS } from "../../../src/protocol";
import { FILE_BYTES_MAX, formatSize } from "../media/file-kinds";
import { BlobPreview } from "./blob-preview";
import { ErrorLine } from "./card";
import type { Ui } from "./describe";
import { EDIT_BANNER, EditBanner, useEditing } from "./editing";
import { ComposerQuote } from "./reply-quote";

/** A file attached to the message being written: being made ready, or ready. */
interface Draft {
  id: number;
  name: string;
  ready: FileToSend | null;
}

let nextDraft = 1;

/** Sizes the field to its text; past the stylesheet's max-height it scrolls instead. */
function fitToText(el: HTMLTextAreaElement | null): void {
  if (!el) return;
  el.style.height = "auto";
  const borders = el.offsetHeight - el.clientHeight;
  el.style.height = `${el.scrollHeight + borders}px`;
}

/** Why a file was refused, in the reader's language. */
function refusal(ui: Ui, name: string, error: unknown): string {
  const reason = (error as { reason?: string } | null)?.reason;
  const size = formatSize(ui.lang, FILE_BYTES_MAX);
  if (reason === "tooLarge") return ui.t("fileTooLarge", { name, size });
  return ui.t("fileUnreadable", { name });
}

export function Composer(props: {
  ui: Ui;
  roomId: string;
  readOnly: string | null;
  /** Set to this composer's way of taking files dropped elsewhere on the screen. */
  attach: RefObject<((files: File[]) => void) | null>;
  /** Its text field, for the room to focus (choosing Reply does). */
  field: RefObject<HTMLTextAreaElement | null>;
  /** The user's message being edited here, if one is. */
  editing: ChatMessage | null;
  /** Editing ended (saved or cancelled). */
  onEditDone: () => void;
}) {
  const { ui, roomId, readOnly, field, editing } = props;
  const { store, t } = ui;
  const quote = store.replies.get(roomId);
  const picker = useRef<HTMLInputElement>(null);
  const [drafts, setDrafts] = useState<Draft[]>([]);
  const [error, setError] = useState<string | null>(null);
  const preparing = drafts.some((d) => d.ready === null);
  /** Send was pressed while files were being prepared: it goes once they are ready. */
  const [sendAsked, setSendAsked] = useState(false);

  function add(files: File[]) {
    if (readOnly || files.length === 0) return;
    setError(null);
    const room = LIMITS.attachmentsMax - drafts.length;
    if (files.length > room) setError(t("tooManyFiles", { count: LIMITS.attachmentsMax }));
    for (const file of files.slice(0, Math.max(0, room))) {
      const draft: Draft = { id: nextDraft++, name: file.name, ready: null };
      setDrafts((all) => [...all, draft]);
      import("../media/prepare")
        .then((m) => m.prepareFile(file))
        .then(
          (ready) => setDrafts((all) => all.map((d) => (d.id === draft.id ? { ...d, ready } : d))),
          (cause: unknown) => {
            setDrafts((all) => all.filter((d) => d.id !== draft.id));
            setError(refusal(ui, file.name, cause));
          },
        );
    }
  }
  useEffect(() => {
    props.attach.current = add;
    return () => {
      props.attach.current = null;
    };
  });

  // The room's draft, put back when its composer appears (another room, a reload).
  useLayoutEffect(() => {
    const el = field.current;
    if (!el) return;
    el.value = store.drafts.get(roomId);
    fitToText(el);
  }, [roomId]);

  const edits = useEditing({ ui, field, editing, onDone: props.onEditDone, setError });
  // After useEditing's effect: the field holds the message being edited, or the draft again.
  useEffect(() => fitToText(field.current), [editing]);

  function submit(event?: Event) {
    event?.preventDefault();
    const el = field.current;
    if (!el || readOnly) return;
    if (editing) {
      edits.save();
      return;
    }
    if (preparing) {
      setSendAsked(true);
      return;
    }
    setSendAsked(false);
    const ready = drafts.flatMap((d) => (d.ready ? [d.ready] : []));
    if (ready.length === 0 && el.value.trim() === "") return;
    const replyTo = store.replies.take(roomId);
    if (ready.length > 0) {
      store.sendFiles(roomId, ready, el.value.trim() === "" ? "" : el.value, { replyTo });
      setDrafts([]);
    } else {
      store.send(roomId, el.value, { replyTo });
    }
    el.value = "";
    store.drafts.clear(roomId);
    fitToText(el);
    el.focus();
  }

  useEffect(() => {
    if (sendAsked && !preparing) submit();
  }, [sendAsked, preparing]);

  return (
    <form class="composer row wrap" onSubmit={submit}>
      {readOnly && (
        <p id="read-only" class="notice read-only">
          {readOnly}
        </p>
      )}
      <ErrorLine error={error} />
      {editing && <EditBanner ui={ui} message={editing} />}
      {quote && !readOnly && !editing && (
        <ComposerQuote
          ui={ui}
          message={quote}
          onCancel={() => {
            store.replies.cancel(roomId);
            field.current?.focus();
          }}
        />
      )}
      {drafts.length > 0 && (
        <ul class="drafts">
          {drafts.map((draft) => (
            <li key={draft.id} class="draft">
              {draft.ready?.thumb ? (
                <BlobPreview blob={draft.ready.thumb} label={draft.name} size={40} />
              ) : (
                <span class="file-icon" aria-hidden="true">
                  📎
                </span>
              )}
              <span class="draft-name">
                {draft.ready
                  ? (draft.ready.name ?? draft.name)
                  : t("preparing", { name: draft.name })}
              </span>
              <button
                type="button"
                class="secondary small"
                aria-label={t("removeFile", { name: draft.name })}
                onClick={() => setDrafts((all) => all.filter((d) => d.id !== draft.id))}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        class="secondary attach"
        aria-label={t("attach")}
        title={t("attach")}
        disabled={readOnly !== null || editing !== null}
        onClick={() => picker.current?.click()}
      >
        📎
      </button>
      <input
        ref={picker}
        type="file"
        multiple
        hidden
        onChange={(e) => {
          add([...(e.currentTarget.files ?? [])]);
          e.currentTarget.value = "";
        }}
      />
      <label class="grow">
        <span class="visually-hidden">{t("message")}</span>
        <textarea
          ref={field}
          rows={1}
          maxLength={LIMITS.messageMax}
          placeholder={t("message")}
          disabled={readOnly !== null}
          aria-describedby={
            readOnly ? "read-only" : editing ? EDIT_BANNER : quote ? "reply-draft" : undefined
          }
          onInput={(e) => {
            const el = e.currentTarget;
            fitToText(el);
            if (editing) return; // the draft waits aside until the edit ends
            store.client.typing(roomId, el.value.length > 0);
            store.drafts.set(roomId, el.value);
          }}
          onBlur={() => store.client.typing(roomId, false)}
          onPaste={(e) => {
            const files = [...(e.clipboardData?.files ?? [])];
            if (files.length === 0 || editing) return; // text: pasted as usual
            e.preventDefault();
            add(files);
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.isComposing) submit(e);
            if (e.key !== "Escape" || e.isComposing) return;
            if (editing) {
              e.preventDefault();
              edits.end();
            } else if (quote) {
              e.preventDefault();
              store.replies.cancel(roomId);
            }
          }}
        />
      </label>
      {editing && (
        <button type="button" class="secondary" onClick={edits.end}>
          {t("cancel")}
        </button>
      )}
      <button type="submit" disabled={readOnly !== null} aria-busy={sendAsked}>
        {editing ? t("save") : t("send")}
      </button>
    </form>
  );
}
