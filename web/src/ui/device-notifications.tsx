/**
 * "Notifications on this device": what the device gets now, and the one button that asks
 * the browser (never on load, only on this click) or turns them off.
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import { PushApi } from "../../../src/client";
import type { StringKey } from "../i18n";
import { type DeviceState, deviceState, turnOff, turnOn } from "../notify/device";
import type { Ui } from "./describe";

const SAYS: Record<DeviceState, StringKey> = {
  unsupported: "notifyUnsupported",
  blocked: "notifyBlocked",
  off: "notifyOff",
  "on-push": "notifyPush",
  "on-tab": "notifyTab",
};

export function DeviceNotifications(props: { ui: Ui }) {
  const { store, t } = props.ui;
  const push = useMemo(() => new PushApi(store.http), [store]);
  const [state, setState] = useState<DeviceState | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void deviceState().then(setState);
  }, []);
  const change = (to: (push: PushApi) => Promise<DeviceState>) => {
    setBusy(true);
    void to(push)
      .then(setState)
      .finally(() => setBusy(false));
  };
  const on = state === "on-push" || state === "on-tab";
  return (
    <fieldset class="device-notifications">
      <legend>{t("deviceNotifications")}</legend>
      <p role="status">{state ? t(SAYS[state]) : t("working")}</p>
      {(state === "off" || on) && (
        <button
          type="button"
          class={on ? "secondary" : ""}
          disabled={busy}
          onClick={() => change(on ? turnOff : turnOn)}
        >
          {on ? t("notifyTurnOff") : t("notifyTurnOn")}
        </button>
      )}
    </fieldset>
  );
}
