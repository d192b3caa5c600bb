/** The users the user blocked, on their profile page, each with Unblock. */
import { useEffect } from "preact/hooks";
import { UserAvatar } from "./avatar";
import type { Ui } from "./describe";

export function BlockedUsers(props: {
  ui: Ui;
  /** Runs a request, showing its refusal (room-info.tsx's `useAction`). */
  run: (action: () => Promise<unknown>) => Promise<boolean>;
}) {
  const { ui, run } = props;
  const { store, t } = ui;
  useEffect(() => void store.safety.load().catch(() => {}), [store]);
  const blocked = store.safety.list();
  return (
    <section class="blocked-users" aria-labelledby="blocked-title">
      <h3 id="blocked-title">{t("blockedUsers")}</h3>
      {blocked === null ? (
        <p>{t("working")}</p>
      ) : blocked.length === 0 ? (
        <p>{t("noBlockedUsers")}</p>
      ) : (
        <ul class="members">
          {blocked.map(({ user }) => (
            <li key={user.id} class="row">
              <UserAvatar ui={ui} userId={user.id} name={user.displayName} />
              <span class="grow">{user.displayName}</span>
              <button
                type="button"
                class="secondary"
                aria-label={t("unblockName", { name: user.displayName })}
                onClick={() => void run(() => store.safety.unblock(user.id))}
              >
                {t("unblock")}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
