/**
 * The user's profile and settings: picture, display name, presence, notifications (this
 * device's, message text in them, do not disturb), the users they blocked, sign out.
 */

import { useEffect, useState } from "preact/hooks";
import type { NotificationPrefs } from "../../../src/protocol";
import { AvatarField } from "./avatar-editor";
import { BlockedUsers } from "./blocked-users";
import { CardHeader, ErrorLine } from "./card";
import type { Ui } from "./describe";
import { DeviceNotifications } from "./device-notifications";
import { useAction } from "./room-info";

const HOUR_MS = 60 * 60 * 1000;

export function Profile(props: { ui: Ui; onSignOut: () => void }) {
  const { ui } = props;
  const { store, t } = ui;
  const [error, run] = useAction(t);
  const [saved, setSaved] = useState(false);
  const [dnd, setDnd] = useState(false);
  const [previews, setPreviews] = useState(store.prefs.previews);
  const [hidden, setHidden] = useState(false);
  const took = (p: NotificationPrefs) => {
    setDnd(p.doNotDisturb);
    setPreviews(p.previews);
    store.prefs = { doNotDisturbUntil: p.doNotDisturbUntil, previews: p.previews };
  };
  useEffect(() => {
    void store.api.notificationPrefs().then(took, () => undefined);
    void store.api.presenceSettings().then(
      (p) => setHidden(p.hidden),
      () => undefined,
    );
  }, [store]);
  return (
    <section class="card" aria-labelledby="profile-title">
      <CardHeader ui={ui} back="/" titleId="profile-title" title={t("profile")} />
      <ErrorLine error={error} />
      <AvatarField ui={ui} />
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
      <label class="check">
        <input
          type="checkbox"
          checked={hidden}
          onChange={(e) => {
            const value = e.currentTarget.checked;
            // Shown at once, so that a render before the answer cannot put the box back.
            setHidden(value);
            void run(async () => setHidden((await store.api.setPresenceHidden(value)).hidden)).then(
              (ok) => ok || setHidden(!value),
            );
          }}
        />
        {t("hidePresence")}
      </label>
      <label class="check">
        <input
          type="checkbox"
          checked={dnd}
          onChange={(e) => {
            const value = e.currentTarget.checked;
            const until = value ? Date.now() + HOUR_MS : null;
            setDnd(value);
            void run(async () => took(await store.api.setDoNotDisturb(until))).then(
              (ok) => ok || setDnd(!value),
            );
          }}
        />
        {t("doNotDisturb")}
      </label>
      <DeviceNotifications ui={ui} />
      <label class="check">
        <input
          type="checkbox"
          checked={previews}
          onChange={(e) => {
            const value = e.currentTarget.checked;
            setPreviews(value); // shown at once; put back if the server refuses
            void run(async () => took(await store.api.setPreviews(value))).then(
              (ok) => ok || setPreviews(!value),
            );
          }}
        />
        {t("previews")}
      </label>
      <BlockedUsers ui={ui} run={run} />
      <button type="button" class="danger" onClick={props.onSignOut}>
        {t("signOut")}
      </button>
    </section>
  );
}
