/**
 * Reporting a message or a user to the operator, in a modal dialog: a reason (one of the
 * server's), an optional note, Send; a refusal shows in it, in the reader's language.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { ChatApiError } from "../../../src/client";
import { LIMITS, REPORT_REASONS } from "../../../src/protocol";
import { errorText } from "../state/error-text";
import { refusalText } from "../state/refusals";
import type { ReportRequest } from "../state/safety";
import { ErrorLine } from "./card";
import type { Ui } from "./describe";

/** What is reported: a message of a room, or a user. */
export type ReportSubject =
  | { kind: "message"; roomId: string; seq: number }
  | { kind: "user"; userId: string };

export function ReportDialog(props: {
  ui: Ui;
  title: string;
  subject: ReportSubject;
  /** Closed: `sent` when the report was made. */
  onClose: (sent: boolean) => void;
}) {
  const { ui } = props;
  const { store, t } = ui;
  const dialog = useRef<HTMLDialogElement>(null);
  const sent = useRef(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);

  async function submit(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const reason = REPORT_REASONS.find((r) => r === form.get("reason"));
    const note = String(form.get("note") ?? "").trim();
    if (!reason) return; // the browser asks for one first
    const request: ReportRequest = { ...props.subject, reason, ...(note ? { note } : {}) };
    setBusy(true);
    setError(null);
    try {
      await store.safety.report(request);
      sent.current = true;
      dialog.current?.close();
    } catch (cause) {
      setError(cause instanceof ChatApiError ? refusalText(t, cause.code) : errorText(t, cause));
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby="report-title"
      onClose={() => props.onClose(sent.current)}
    >
      <form onSubmit={(e) => void submit(e)}>
        <h2 id="report-title">{props.title}</h2>
        <fieldset class="reasons">
          <legend>{t("reportReason")}</legend>
          {REPORT_REASONS.map((reason, i) => (
            <label key={reason} class="check">
              <input type="radio" name="reason" value={reason} required={i === 0} />
              {t(`reason_${reason}` as const)}
            </label>
          ))}
        </fieldset>
        <label>
          {t("reportNote")}
          <textarea name="note" rows={3} maxLength={LIMITS.reportNoteMax} />
        </label>
        <ErrorLine error={error} />
        <div class="row dialog-buttons">
          <button type="button" class="secondary" onClick={() => dialog.current?.close()}>
            {t("cancel")}
          </button>
          <button type="submit" disabled={busy} aria-busy={busy}>
            {t("sendReport")}
          </button>
        </div>
      </form>
    </dialog>
  );
}
