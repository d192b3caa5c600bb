/**
 * What the browser says about the network, passed on to the SDK: back online cuts the
 * reconnect wait short; offline, or the page shown again after a while away (a laptop
 * woken), has the sockets checked at once rather than at their next heartbeat.
 */
import type { ChatClient } from "../../../src/client";

export function watchNetwork(
  client: Pick<ChatClient, "reconnectNow" | "checkConnection">,
): () => void {
  const online = () => client.reconnectNow();
  const check = () => client.checkConnection();
  const shown = () => {
    if (document.visibilityState === "visible") client.checkConnection();
  };
  addEventListener("online", online);
  addEventListener("offline", check);
  document.addEventListener("visibilitychange", shown);
  return () => {
    removeEventListener("online", online);
    removeEventListener("offline", check);
    document.removeEventListener("visibilitychange", shown);
  };
}
