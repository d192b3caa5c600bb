/** Headers by which the worker tells an object (UserSession, ChatRoom) who a new socket belongs to. */
export const SESSION_HEADERS = {
  user: "X-Chat-User-Id",
  device: "X-Chat-Device-Id",
} as const;

/**
 * Who a socket upgrade forwarded by the worker belongs to, or null when the request is not
 * such an upgrade (the object then answers 400). The worker set these headers after checking
 * the ticket; nothing else reaches an object's `fetch`.
 */
export function socketIdentity(request: Request): { userId: string; deviceId: string } | null {
  const userId = request.headers.get(SESSION_HEADERS.user);
  const deviceId = request.headers.get(SESSION_HEADERS.device);
  if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket" || !userId || !deviceId) {
    return null;
  }
  return { userId, deviceId };
}

/** The answer to a request that {@link socketIdentity} refuses. */
export function notAnUpgrade(): Response {
  return new Response("expected an authenticated WebSocket upgrade", { status: 400 });
}
