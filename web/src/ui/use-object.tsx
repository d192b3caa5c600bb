/** An object fetched for a screen, with the screen's action runner and its error line. */
import { useEffect, useState } from "preact/hooks";
import type { ChatObject } from "../../../src/protocol";
import type { Translate } from "../i18n";
import type { ChatStore } from "../state/chat-store";
import { useAction } from "./room-info";

/** Refusals show in the reader's language (`t`). */
export function useObject(store: ChatStore, objectId: string, t: Translate) {
  const [object, setObject] = useState<ChatObject | null>(null);
  const [error, run] = useAction(t);
  useEffect(() => {
    void run(async () => setObject(await store.objects.get(objectId)));
  }, [store, objectId]);
  return { object, setObject, error, run };
}
