/**
 * The typed HTTP routes for Web Push (docs/protocol.md, "Push notifications"): the server's
 * VAPID key and this device's subscription, over an ApiClient's signed-in session.
 */
import type { PushKey, PushSubscriptionBody, PushSubscriptionState } from "../protocol";
import type { ApiClient } from "./api";

export class PushApi {
  constructor(private readonly api: ApiClient) {}

  /** The VAPID public key for `pushManager.subscribe`; 503 `push_unavailable` without one. */
  key(): Promise<PushKey> {
    return this.api.authed("GET", "/api/push/key");
  }

  /** Whether the server holds a subscription for this device. */
  subscription(): Promise<PushSubscriptionState> {
    return this.api.authed("GET", "/api/push/subscription");
  }

  /**
   * Registers the browser's subscription for this device, replacing an earlier one.
   *
   * @example
   * ```ts
   * const { publicKey } = await push.key();
   * const sub = await registration.pushManager.subscribe({
   *   userVisibleOnly: true,
   *   applicationServerKey: publicKey,
   * });
   * await push.subscribe(sub.toJSON() as PushSubscriptionBody);
   * ```
   */
  subscribe(body: PushSubscriptionBody): Promise<PushSubscriptionState> {
    return this.api.authed("PUT", "/api/push/subscription", body);
  }

  /** Forgets this device's subscription (also when there is none). */
  async unsubscribe(): Promise<void> {
    await this.api.authed("DELETE", "/api/push/subscription");
  }
}
