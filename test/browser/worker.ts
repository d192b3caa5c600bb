/**
 * The app's service worker in the browser tests: waiting for it, delivering a push to it
 * through DevTools, clicking its notifications, and a notification centre to record them.
 *
 * Why a recorded centre and not the browser's own: the Chromium these tests run (the npm
 * package's headless shell) has no notification platform. It answers
 * `Notification.permission` "denied" whatever permission the context grants (the Permissions
 * API then says "granted"), and `showNotification` rejects. So the worker's
 * `registration.showNotification` and `getNotifications` are replaced, in the worker, by a
 * centre that keeps one notification per tag as the browser does; everything the worker
 * decides (what to show, which tag, what to close, what a click opens) runs as built.
 */
import type { BrowserContext, CDPSession, Page, Worker } from "playwright-core";

export interface Shown {
  title: string;
  body: string;
  tag: string;
  data: { url: string; roomId: string | null; seq: number | null } | null;
}

/** What the tests reach of the worker's global scope (this project's DOM types lack it). */
interface Scope {
  registration: {
    getNotifications(filter?: { tag?: string }): Promise<(Shown & { close(): void })[]>;
  };
  clients: object;
  ExtendableEvent: typeof Event;
  dispatchEvent(event: Event): boolean;
  __opened: string[];
  __badge: number | null;
}

/** The app's worker, once the page is controlled by it. */
export async function appWorker(page: Page): Promise<Worker> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const context = page.context();
  return context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
}

/** Replaces the worker's notifications and badge with a recording centre (see above). */
export async function recordNotifications(worker: Worker): Promise<void> {
  await worker.evaluate(() => {
    interface Recorded {
      title: string;
      body: string;
      tag: string;
      data: unknown;
      close(): void;
    }
    const shown: Recorded[] = [];
    const scope = self as unknown as {
      registration: {
        showNotification(title: string, options?: NotificationOptions): Promise<void>;
        getNotifications(filter?: { tag?: string }): Promise<Recorded[]>;
      };
      __badge: number | null;
    };
    scope.__badge = null;
    scope.registration.showNotification = async (title, options = {}) => {
      const tag = options.tag ?? "";
      const same = shown.findIndex((n) => tag !== "" && n.tag === tag);
      if (same >= 0) shown.splice(same, 1);
      const note: Recorded = {
        title,
        body: options.body ?? "",
        tag,
        data: options.data ?? null,
        close() {
          const at = shown.indexOf(note);
          if (at >= 0) shown.splice(at, 1);
        },
      };
      shown.push(note);
    };
    scope.registration.getNotifications = async (filter = {}) =>
      shown.filter((n) => filter.tag === undefined || n.tag === filter.tag);
    Object.assign(navigator, {
      setAppBadge: async (count: number) => {
        scope.__badge = count;
      },
      clearAppBadge: async () => {
        scope.__badge = 0;
      },
    });
  });
}

/** The notifications showing now. */
export function shown(worker: Worker): Promise<Shown[]> {
  return worker.evaluate(async () => {
    const list = await (self as unknown as Scope).registration.getNotifications();
    return list.map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data }));
  });
}

/** The app badge's count as last set by the worker (null: never set). */
export function badge(worker: Worker): Promise<number | null> {
  return worker.evaluate(() => (self as unknown as Scope).__badge);
}

/**
 * Clicks the notification with `tag` as the browser would dispatch it. A script-made event
 * refuses `waitUntil` (the worker's handler allows for that); and `clients.openWindow` and
 * `focus` need a real click, so `openWindow` is recorded instead (`opened`).
 */
export async function click(worker: Worker, tag: string): Promise<void> {
  await worker.evaluate(async (wanted) => {
    const scope = self as unknown as Scope;
    scope.__opened = [];
    Object.defineProperty(scope.clients, "openWindow", {
      configurable: true,
      value: async (url: string) => {
        scope.__opened.push(url);
        return null;
      },
    });
    const [notification] = await scope.registration.getNotifications({ tag: wanted });
    if (!notification) throw new Error(`no notification tagged ${wanted}`);
    const event = new scope.ExtendableEvent("notificationclick");
    Object.defineProperty(event, "notification", { value: notification });
    scope.dispatchEvent(event);
  }, tag);
}

/** The paths the worker asked to open in a new window since the last click. */
export function opened(worker: Worker): Promise<string[]> {
  return worker.evaluate(() => (self as unknown as Scope).__opened);
}

/** Delivers pushes to the page's origin's worker through DevTools, as text (not encrypted). */
export class PushDriver {
  private constructor(
    private readonly cdp: CDPSession,
    private readonly origin: string,
    private readonly registrationId: string,
  ) {}

  static async attach(context: BrowserContext, page: Page): Promise<PushDriver> {
    const origin = new URL(page.url()).origin;
    const cdp = await context.newCDPSession(page);
    const found = new Promise<string>((resolve) => {
      cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
        const mine = registrations.find((r) => r.scopeURL === `${origin}/` && !r.isDeleted);
        if (mine) resolve(mine.registrationId);
      });
    });
    await cdp.send("ServiceWorker.enable");
    return new PushDriver(cdp, origin, await found);
  }

  /** A payload as JSON, or text as it is (to send what is not JSON). */
  async push(data: unknown): Promise<void> {
    await this.cdp.send("ServiceWorker.deliverPushMessage", {
      origin: this.origin,
      registrationId: this.registrationId,
      data: typeof data === "string" ? data : JSON.stringify(data),
    });
  }
}
