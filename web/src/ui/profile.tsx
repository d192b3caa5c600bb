/**
 * The user's profile and settings: picture, username and link to share, display name,
 * presence, notifications (this device's, message text in them, do not disturb), the users
 * they blocked, sign out.
 */

import { useState } from "preact/hooks";
import { AvatarField } from "./avatar-editor";
import { BlockedUsers } from "./blocked-users";
import { CardHeader, ErrorLine } from "./card";
import type { Ui } from "./describe";
import { MyLink } from "./my-link";
import { ProfileSettings } from "./profile-settings";
import { useAction } from "./room-info";

export function Profile(props: { ui: Ui; onSignOut: () => void }) {
  const { ui } = props;
  const { store, t } = ui;
  const [error, run] = useAction(t);
  const [saved, setSaved] = useState(false);
  return (
    <section class="card" aria-labelledby="profile-title">
      <CardHeader ui={ui} back="/" titleId="profile-title" title={t("profile")} />
      <ErrorLine error={error} />
      <AvatarField ui={ui} />
      <MyLink ui={ui} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget as HTMLFormElement);
          const displayName = String(form.get("displayName") ?? "").trim();
          setSaved(false);
          void run(async () => {
            const profile = await store.http.updateProfile({ displayName });
            store.people.add([profile]);
            store.me.user.displayName = profile.displayName;
            store.changed();
            setSaved(true);
          });
        }}
      >
        <label>
          {t("displayName")}
          <input
            name="displayName"
            required
            maxLength={64}
            defaultValue={store.me.user.displayName}
          />
        </label>
        <button type="submit">{t("save")}</button>
        {saved && <p role="status">{t("saved")}</p>}
      </form>
      <ProfileSettings ui={ui} run={run} />
      <BlockedUsers ui={ui} run={run} />
      <button type="button" class="danger" onClick={props.onSignOut}>
        {t("signOut")}
      </button>
    </section>
  );
}
