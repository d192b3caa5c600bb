/** A page's sockets routed through Playwright, for a test to cut them and let them back. */
import type { Page, WebSocketRoute } from "playwright-core";

/** Routes a page's sockets through Playwright so a test can cut them. */
export async function controlSockets(page: Page) {
  const open = new Set<WebSocketRoute>();
  let blocked = false;
  await page.routeWebSocket(/\/api\/socket/, (ws) => {
    if (blocked) {
      void ws.close({ code: 1006 });
      return;
    }
    ws.connectToServer();
    open.add(ws);
    ws.onClose(() => open.delete(ws));
  });
  return {
    async cut() {
      blocked = true;
      for (const ws of open) await ws.close({ code: 4000, reason: "network lost" });
      open.clear();
    },
    restore() {
      blocked = false;
    },
  };
}
