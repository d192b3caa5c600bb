/**
 * The page's side of the service worker: registering it (where the browser has them), and
 * the messages to and from it (messages.ts).
 */
import { asToPage, type ToPage, type ToWorker } from "./messages";

const supported = (): boolean => "serviceWorker" in navigator;

/** Registers /sw.js for the whole origin; a browser without service workers goes on without. */
export function registerWorker(): void {
  if (!supported()) return;
  navigator.serviceWorker.register("/sw.js").catch(() => undefined);
}

/** The registration as it is now: undefined before one, or where service workers are missing. */
export async function workerRegistration(): Promise<ServiceWorkerRegistration | undefined> {
  return supported() ? navigator.serviceWorker.getRegistration("/") : undefined;
}

/** Tells the worker, once it is active (never, where there is none). */
export function tellWorker(message: ToWorker): void {
  if (!supported()) return;
  void navigator.serviceWorker.ready.then((registration) =>
    registration.active?.postMessage(message),
  );
}

/** Follows what the worker says; returns the unsubscribe. */
export function onWorkerMessage(handler: (message: ToPage) => void): () => void {
  if (!supported()) return () => undefined;
  const container = navigator.serviceWorker;
  const listener = (event: MessageEvent) => {
    const message = asToPage(event.data);
    if (message) handler(message);
  };
  container.addEventListener("message", listener);
  container.startMessages();
  return () => container.removeEventListener("message", listener);
}
