/**
 * The signed-in session, kept in localStorage so a reload stays signed in, and shared by
 * every tab of this browser: one device, one set of tokens. The refresh token rotates on
 * every refresh and is single-use, so tabs take turns refreshing under a Web Lock, reading
 * and writing the tokens in IndexedDB within their turn (storage/session-store.ts), and a
 * tab that finds them already refreshed by another uses those (ApiClient's SessionSharing).
 * Each tab follows the others through `storage` events: a refresh or a sign-in in one tab
 * reaches all of them, and a sign-out in one signs all of them out.
 */
import { ApiClient, type SessionEnd } from "../../src/client";
import type { AuthResult } from "../../src/protocol";
import { loadShared, saveShared } from "./storage/session-store";

const KEY = "edge-chat.session";
const REFRESH_LOCK = "edge-chat.refresh";

function load(): AuthResult | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<AuthResult>;
    return typeof value.accessToken === "string" &&
      typeof value.refreshToken === "string" &&
      typeof value.user?.id === "string"
      ? (value as AuthResult)
      : null;
  } catch {
    return null;
  }
}

function save(session: AuthResult | null): void {
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
}

/** Runs `fn` while no other tab of this browser runs one (where the Web Locks API exists). */
async function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  if (!navigator.locks) return fn();
  return await navigator.locks.request(REFRESH_LOCK, fn);
}

export function createApi(
  onChange: (session: AuthResult | null, ended?: SessionEnd) => void,
): ApiClient {
  const api = new ApiClient({
    baseUrl: location.origin,
    sharing: {
      // IndexedDB, which every tab reads alike; localStorage until it has a record.
      load: async () => {
        const shared = await loadShared().catch(() => undefined);
        return shared === undefined ? load() : shared;
      },
      save: (session) => saveShared(session),
      exclusive,
    },
    onSession: (session, ended) => {
      save(session);
      onChange(session, ended);
    },
  });
  api.restore(load());
  // Another tab refreshed, signed in or signed out (`key` is null when storage was cleared).
  addEventListener("storage", (event) => {
    if (event.storageArea !== localStorage || (event.key !== KEY && event.key !== null)) return;
    api.adopt(load());
  });
  return api;
}
