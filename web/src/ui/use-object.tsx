/** An object fetched for a screen, with the screen's action runner and its error line. */
import { useEffect, useState } from "preact/hooks";
import type { ChatObject } from "../../../src/protocol";
import type { ChatStore } from "../state/chat-store";
import { useAction } from "./room-info";

export function useObject(store: ChatStore, objectId: string) {
  const [object, setObject] = useState<ChatObject | null>(null);
  const [error, run] = useAction();
  useEffect(() => {
    void run(async () => setObject(await store.objects.get(objectId)));
  }, [store, objectId]);
  return { object, setObject, error, run };
}
