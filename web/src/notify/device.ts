/**
 * Notifications on this device: whether the browser can show them, whether the user turned
 * them on here, and the push subscription that reaches the device while no tab is open.
 * The browser's prompt comes only from `turnOn`, which a click calls. Push may fail where
 * the browser has no push service (or the server no VAPID keys); the device then still gets
 * notifications from an open tab, and says so (`on-tab`).
 */
import type { PushApi } from "../../../src/client";
import type { PushSubscriptionBody } from "../../../src/protocol";
import { workerRegistration } from "./worker-link";

export type DeviceState =
  /** No Notification API or no service workers. */
  | "unsupported"
  /** The user or the browser refused: only the browser's settings can change it. */
  | "blocked"
  | "off"
  /** On, with a push subscription: notified with no tab open. */
  | "on-push"
  /** On, without push: notified while a tab of the app is open. */
  | "on-tab";

/** The user's choice on this device; permission alone is not a choice (it outlives "off"). */
const CHOICE_KEY = "edge-chat.notifications";

const supported = (): boolean => "Notification" in globalThis && "serviceWorker" in navigator;

/** Whether a tab may show notifications: supported, permitted, and turned on here. */
export function notificationsOn(): boolean {
  return (
    supported() &&
    Notification.permission === "granted" &&
    localStorage.getItem(CHOICE_KEY) === "on"
  );
}

async function subscription(): Promise<PushSubscription | null> {
  const registration = await workerRegistration();
  return (await registration?.pushManager?.getSubscription()) ?? null;
}

export async function deviceState(): Promise<DeviceState> {
  if (!supported()) return "unsupported";
  if (Notification.permission === "denied") return "blocked";
  if (!notificationsOn()) return "off";
  return (await subscription().catch(() => null)) ? "on-push" : "on-tab";
}

/** Asks the browser (on a click only), then subscribes to push where it can. */
export async function turnOn(push: PushApi): Promise<DeviceState> {
  if (!supported()) return "unsupported";
  const permission = await Notification.requestPermission();
  if (permission === "denied") return "blocked";
  if (permission !== "granted") return "off";
  localStorage.setItem(CHOICE_KEY, "on");
  try {
    await subscribe(push);
    return "on-push";
  } catch {
    return "on-tab";
  }
}

/** Stops notifications here: the browser's subscription and the server's record of it. */
export async function turnOff(push: PushApi): Promise<DeviceState> {
  localStorage.setItem(CHOICE_KEY, "off");
  await (await subscription().catch(() => null))?.unsubscribe().catch(() => false);
  await push.unsubscribe().catch(() => undefined);
  return deviceState();
}

/**
 * On start: a subscription the server no longer has (the push service dropped it, or the
 * device signed in again) is registered again, as the protocol asks of a client.
 */
export async function keepSubscribed(push: PushApi): Promise<void> {
  if (!notificationsOn()) return;
  const current = await subscription();
  if (current && !(await push.subscription()).subscribed) {
    await push.subscribe(current.toJSON() as PushSubscriptionBody);
  }
}

async function subscribe(push: PushApi): Promise<void> {
  const registration = await workerRegistration();
  // Subscribing needs an active worker; there is none yet only on a first visit.
  if (!registration?.active || !registration.pushManager) throw new Error("no push here");
  const { publicKey } = await push.key();
  const current = await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: publicKey,
  });
  await push.subscribe(current.toJSON() as PushSubscriptionBody);
}
