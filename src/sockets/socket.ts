/**
 * Socket handling every object does the same way: whether a socket is open, and closing one
 * by hand, where a socket may already be closing (the runtime throws then) and that must not
 * turn a close into an error.
 */

/** `WebSocket.OPEN`, spelled out: the same number in every implementation. */
export const WS_OPEN = 1;

/** Closes `ws`, ignoring a socket that is already closing or closed. */
export function closeQuietly(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.close(code, reason);
  } catch {
    // Already closing: the close this was meant to cause is under way.
  }
}

/**
 * Answers a close the peer started with the same code, which completes the closing
 * handshake (RFC 6455, 5.5.1). 1005 and 1006 only report that no code came and may not be
 * sent, so those get 1000.
 */
export function reciprocateClose(ws: WebSocket, code: number, reason: string): void {
  closeQuietly(ws, reciprocalCode(code), reason);
}

/** The code to answer a peer's close with. */
export function reciprocalCode(code: number): number {
  return code === 1005 || code === 1006 ? 1000 : code;
}
