/**
 * The profile's switches: hide my presence, do not disturb (an hour), this device's
 * notifications, and message text in pushes. Each shows a click at once and goes back if the
 * server refuses it; one whose value is not loaded yet cannot be clicked, and a value loaded
 * after the user changed that setting is not shown over their change.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { NotificationPrefs } from "../../../src/protocol";
import type { StringKey } from "../i18n";
import type { Ui } from "./describe";
import { DeviceNotifications } from "./device-notifications";

const HOUR_MS = 60 * 60 * 1000;

type Setting = "hidden" | "dnd" | "previews";

type Run = (action: () => Promise<unknown>) => Promise<boolean>;

export function ProfileSettings(props: { ui: Ui; run: Run }) {
  const { ui, run } = props;
  const { store } = ui;
  // null: not loaded yet.
  const [hidden, setHidden] = useState<boolean | null>(null);
  const [dnd, setDnd] = useState<boolean | null>(null);
  const [previews, setPreviews] = useState(store.prefs.previews);
  // Changes made here, by setting: a load asked before one is stale for that setting.
  const changes = useRef({ hidden: 0, dnd: 0, previews: 0 });
  const took = (p: NotificationPrefs) => {
    setDnd(p.doNotDisturb);
    setPreviews(p.previews);
    store.prefs = { doNotDisturbUntil: p.doNotDisturbUntil, previews: p.previews };
  };
  useEffect(() => {
    const asked = { ...changes.current };
    const fresh = (setting: Setting) => changes.current[setting] === asked[setting];
    void store.api.notificationPrefs().then(
      (p) => {
        if (fresh("dnd") && fresh("previews")) return took(p);
        if (fresh("dnd")) setDnd(p.doNotDisturb);
        if (fresh("previews")) setPreviews(p.previews);
      },
      () => undefined,
    );
    void store.api.presenceSettings().then(
      (p) => fresh("hidden") && setHidden(p.hidden),
      () => undefined,
    );
  }, [store]);
  /** Shows `value` at once, asks the server, and puts the old value back if refused. */
  const change = (
    setting: Setting,
    show: (value: boolean) => void,
    value: boolean,
    ask: () => Promise<unknown>,
  ) => {
    changes.current[setting] += 1;
    show(value);
    void run(ask).then((ok) => ok || show(!value));
  };
  return (
    <>
      <Toggle
        ui={ui}
        label="hidePresence"
        value={hidden}
        onChange={(value) =>
          change("hidden", setHidden, value, async () =>
            setHidden((await store.api.setPresenceHidden(value)).hidden),
          )
        }
      />
      <Toggle
        ui={ui}
        label="doNotDisturb"
        value={dnd}
        onChange={(value) =>
          change("dnd", setDnd, value, async () =>
            took(await store.api.setDoNotDisturb(value ? Date.now() + HOUR_MS : null)),
          )
        }
      />
      <DeviceNotifications ui={ui} />
      <Toggle
        ui={ui}
        label="previews"
        value={previews}
        onChange={(value) =>
          change("previews", setPreviews, value, async () =>
            took(await store.api.setPreviews(value)),
          )
        }
      />
    </>
  );
}

function Toggle(props: {
  ui: Ui;
  label: StringKey;
  value: boolean | null;
  onChange: (value: boolean) => void;
}) {
  return (
    <label class="check">
      <input
        type="checkbox"
        checked={props.value === true}
        disabled={props.value === null}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      {props.ui.t(props.label)}
    </label>
  );
}
