/**
 * The signed-in session, kept in localStorage so a reload stays signed in. The refresh token
 * rotates on every refresh; ApiClient reports each new session here.
 */
import { ApiClient } from "../../src/client";
import type { AuthResult } from "../../src/protocol";

const KEY = "edge-chat.session";

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

export function createApi(onChange: (session: AuthResult | null) => void): ApiClient {
  const api = new ApiClient({
    baseUrl: location.origin,
    onSession: (session) => {
      if (session) localStorage.setItem(KEY, JSON.stringify(session));
      else localStorage.removeItem(KEY);
      onChange(session);
    },
  });
  api.restore(load());
  return api;
}
