/**
 * The WebSocket entry. A client first gets a single-use ticket with its access token, then
 * opens `GET /api/socket?ticket=...`. Every check happens here, in the worker, before the
 * caller's UserSession object is reached: upgrade header, Origin, then the ticket.
 * A WebSocket cannot cross Durable Object RPC, so the upgrade goes through `stub.fetch`.
 *
 * A device may also open a room it shows on a second socket, `GET /api/socket/rooms/:id`
 * (same ticket rules), to get that room's messages straight from its ChatRoom object.
 */
import { type Context, Hono } from "hono";
import { issueTicket, redeemTicket } from "../auth/devices";
import { SESSION_HEADERS } from "../durable/session-headers";
import { roomStub, sessionStub } from "../durable/stubs";
import type { AppEnv } from "../http/context";
import { ApiError } from "../http/errors";
import { limit, requireAuth } from "../http/middleware";
import { query, roomIdParam } from "../http/query";
import { SocketQuery, type SocketTicket } from "../protocol";

export const SOCKET_PATH = "/api/socket";

/**
 * Browsers always send Origin on a WebSocket handshake, so a cross-site page is caught here.
 * Non-browser clients (native apps, servers) send none and are allowed: they cannot be
 * tricked into a cross-site handshake, and they still need a ticket. `null` (sandboxed
 * frames, file: pages) is refused.
 */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  return origin === undefined || allowed.includes(origin);
}

export const socketRoutes = new Hono<AppEnv>()
  .post("/ticket", requireAuth(), limit("ticket"), async (c) => {
    const { userId, deviceId } = c.var.identity;
    const issued = await issueTicket(
      c.env.DB,
      userId,
      deviceId,
      Date.now(),
      c.var.settings.SOCKET_TICKET_TTL_SECONDS * 1000,
    );
    if (!issued) throw new ApiError(401, "session_revoked", "this device has been signed out");
    const { ticket, expiresAt } = issued;
    const body: SocketTicket = {
      ticket,
      expiresAt,
      url: `${SOCKET_PATH}?ticket=${encodeURIComponent(ticket)}`,
    };
    return c.json(body, 201);
  })
  .get("/", query(SocketQuery), async (c) => {
    const identity = await redeemUpgrade(c);
    const stub = sessionStub(c.env, identity.userId);
    // A fresh request: nothing the client sent besides the upgrade itself reaches the object.
    return stub.fetch("https://user-session.internal/connect", { headers: headersFor(identity) });
  })
  .get("/rooms/:roomId", query(SocketQuery), async (c) => {
    // The room id is checked before the ticket is spent on it.
    const roomId = roomIdParam(c);
    const identity = await redeemUpgrade(c, roomId);
    const stub = roomStub(c.env, roomId);
    // The room answers 404 to a non-member, as it does for a room that does not exist.
    return stub.fetch("https://chat-room.internal/connect", { headers: headersFor(identity) });
  });

/**
 * The checks every socket upgrade passes, in order: upgrade header, Origin, then the ticket.
 * A room socket's ticket records the room against the device (see src/auth/revocation.ts).
 */
async function redeemUpgrade(
  c: Context<AppEnv>,
  roomId?: string,
): Promise<{ userId: string; deviceId: string }> {
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
    throw new ApiError(426, "upgrade_required", "this endpoint only accepts WebSocket upgrades", {
      Upgrade: "websocket",
    });
  }
  if (!originAllowed(c.req.header("Origin"), c.var.settings.ALLOWED_ORIGINS)) {
    throw new ApiError(403, "forbidden_origin", "this origin may not open a socket");
  }
  const ticket = c.req.query("ticket");
  if (!ticket) throw new ApiError(401, "unauthorized", "a socket ticket is required");
  const identity = await redeemTicket(c.env.DB, ticket, Date.now(), roomId);
  if (!identity) {
    throw new ApiError(401, "invalid_token", "socket ticket is invalid, expired or already used");
  }
  return identity;
}

function headersFor(identity: { userId: string; deviceId: string }): Record<string, string> {
  return {
    Upgrade: "websocket",
    [SESSION_HEADERS.user]: identity.userId,
    [SESSION_HEADERS.device]: identity.deviceId,
  };
}
