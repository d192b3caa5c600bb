/**
 * WebSocket close codes (RFC 6455, 7.4.1), for the server that sends them and the SDK that
 * reads them: one list, so neither side spells a number of its own.
 */

/** Close codes the server sends; docs/protocol.md lists each one. */
export const CLOSE = {
  tooBig: 1009,
  internal: 1011,
  /** Application range: the device was signed out. */
  signedOut: 4001,
  /** Application range: the user opened more sockets than allowed; this, the oldest, went. */
  tooManySockets: 4002,
  /** Application range: no heartbeat within HEARTBEAT_TIMEOUT_MS. */
  heartbeatTimeout: 4003,
  /** Application range: a room socket whose user left or was removed from the room. */
  notMember: 4004,
} as const;

/**
 * The code the SDK closes with when it gives up on a socket itself (no heartbeat answer, a
 * failed catch-up, or asked to drop): it reconnects afterwards. Never sent by the server.
 */
export const CLIENT_CLOSE = 4000;
