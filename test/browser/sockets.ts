/** A page's sockets routed through Playwright, for a test to cut them and let them back. */
import type { Page, WebSocketRoute } from "playwright-core";

/** Routes a page's sockets through Playwright so a test can cut or stall them. */
export async function controlSockets(page: Page) {
  const open = new Set<WebSocketRoute>();
  let blocked = false;
  let stalled = false;
  /** Sockets open when the network stalled: their frames are lost for good. */
  const lost = new Set<WebSocketRoute>();
  /** Waiting for the page's next heartbeat `ping`. */
  let onPing: (() => void) | null = null;
  await page.routeWebSocket(/\/api\/socket/, (ws) => {
    // No network: a new socket fails (a stalled one would not get through either).
    if (blocked || stalled) {
      void ws.close({ code: 1006 });
      return;
    }
    const server = ws.connectToServer();
    // Frames pass both ways unless stalled: then they are lost, and neither side is told.
    const passes = () => !stalled && !lost.has(ws);
    ws.onMessage((message) => {
      if (!passes()) return;
      server.send(message);
      if (message === "ping") onPing?.();
    });
    server.onMessage((message) => {
      if (passes()) ws.send(message);
    });
    open.add(ws);
    ws.onClose(() => open.delete(ws));
  });
  return {
    /** The network goes and the sockets close at once (the page is told). */
    async cut() {
      blocked = true;
      for (const ws of open) await ws.close({ code: 4000, reason: "network lost" });
      open.clear();
    },
    /**
     * The network goes silently: every frame is lost from now on, both ways, and no socket
     * closes (a half-open connection: only the page's heartbeat can notice).
     */
    stall() {
      stalled = true;
      for (const ws of open) lost.add(ws);
    },
    /** Resolves when the page next sends a heartbeat `ping` (and it passed). */
    pinged(): Promise<void> {
      return new Promise((resolve) => {
        onPing = () => {
          onPing = null;
          resolve();
        };
      });
    },
    /** The network comes back: new sockets connect and frames pass again. */
    restore() {
      blocked = false;
      stalled = false;
    },
  };
}
