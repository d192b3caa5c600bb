/**
 * A question before something that cannot be undone (deleting a message), in a modal dialog,
 * with one way to go on or two (for everyone, or for me): the browser keeps the focus inside it, starting on Cancel, and Esc closes
 * it; the focus then goes back where it was.
 */
import { useEffect, useRef } from "preact/hooks";
import type { Ui } from "./describe";

export function ConfirmDialog(props: {
  ui: Ui;
  title: string;
  text: string;
  /** The confirming button's label ("Delete for everyone"). */
  confirm: string;
  onConfirm: () => void;
  /** A second way to go on, shown before the first ("Delete for me"). */
  also?: { label: string; onConfirm: () => void };
  /** Closed, confirmed or not. */
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-text"
      onClose={props.onClose}
    >
      <h2 id="confirm-title">{props.title}</h2>
      <p id="confirm-text">{props.text}</p>
      <div class="row dialog-buttons">
        <button type="button" class="secondary" onClick={() => dialog.current?.close()}>
          {props.ui.t("cancel")}
        </button>
        {props.also && (
          <button
            type="button"
            class="danger"
            onClick={() => {
              props.also?.onConfirm();
              dialog.current?.close();
            }}
          >
            {props.also.label}
          </button>
        )}
        <button
          type="button"
          class="danger"
          onClick={() => {
            props.onConfirm();
            dialog.current?.close();
          }}
        >
          {props.confirm}
        </button>
      </div>
    </dialog>
  );
}
