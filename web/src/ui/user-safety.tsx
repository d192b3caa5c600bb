/**
 * Block (or Unblock) and Report for another user, where a room's info lists them: a direct
 * or object chat's other member, and each other member of a group. Reporting opens the
 * report dialog.
 */
import { useState } from "preact/hooks";
import { nameOf, type Ui } from "./describe";
import { ReportDialog } from "./report-dialog";

export function UserSafety(props: {
  ui: Ui;
  userId: string;
  /** The room whose info lists them: unblocking lets it take messages again. */
  roomId: string;
  /** Runs a request, showing its refusal (room-info.tsx's `useAction`). */
  run: (action: () => Promise<unknown>) => Promise<boolean>;
  /** Tells what was done ("Report sent."). */
  say: (notice: string) => void;
}) {
  const { ui, userId, run } = props;
  const { store, t } = ui;
  const [reporting, setReporting] = useState(false);
  const name = nameOf(ui, userId);
  const blocked = store.safety.isBlocked(userId);
  return (
    <span class="row wrap user-safety">
      {blocked && <span class="tag">{t("blockedTag")}</span>}
      <button
        type="button"
        class="secondary"
        aria-label={t(blocked ? "unblockName" : "blockName", { name })}
        onClick={() =>
          void run(() =>
            blocked ? store.safety.unblock(userId, [props.roomId]) : store.safety.block(userId),
          )
        }
      >
        {t(blocked ? "unblock" : "block")}
      </button>
      <button
        type="button"
        class="secondary"
        aria-label={t("reportName", { name })}
        onClick={() => setReporting(true)}
      >
        {t("report")}
      </button>
      {reporting && (
        <ReportDialog
          ui={ui}
          title={t("reportName", { name })}
          subject={{ kind: "user", userId }}
          onClose={(sent) => {
            setReporting(false);
            if (sent) props.say(t("reportSent"));
          }}
        />
      )}
    </span>
  );
}
