/**
 * The app's service worker, served at /sw.js for the whole origin: the offline shell
 * (shell.ts), pushes (push.ts), notification clicks (click.ts), and the notices a tab asks
 * it to show or close (../notify/messages.ts).
 */
import { asToWorker } from "../notify/messages";
import { openFrom } from "./click";
import { closeRooms, show } from "./notices";
import { onPush } from "./push";
import { answer, cacheShell, dropOldCaches } from "./shell";

declare const self: ServiceWorkerGlobalScope;

/**
 * Keeps the worker alive until `work` ends. An event a script dispatched itself refuses
 * `waitUntil` (as a test does to click a notification); the work runs all the same.
 */
function keep(event: ExtendableEvent, work: Promise<unknown>): void {
  const settled = work.catch(() => undefined);
  try {
    event.waitUntil(settled);
  } catch {
    // Not dispatched by the browser.
  }
}

self.addEventListener("install", (event) => {
  void self.skipWaiting();
  event.waitUntil(cacheShell());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(dropOldCaches().then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const response = answer(event.request);
  if (response) event.respondWith(response);
});

self.addEventListener("push", (event) => {
  keep(event, onPush(event.data?.text() ?? null));
});

self.addEventListener("notificationclick", (event) => {
  keep(event, openFrom(event.notification));
});

self.addEventListener("message", (event) => {
  const message = asToWorker(event.data);
  if (message?.type === "show") keep(event, show(message.notice));
  else if (message?.type === "close") keep(event, closeRooms(message.roomIds));
});
