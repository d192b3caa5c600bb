/** Running a request from a screen, with its refusal shown in the reader's language. */
import { useState } from "preact/hooks";
import type { Translate } from "../i18n";
import { errorText } from "../state/error-text";

/**
 * Runs an action, showing its error as a sentence in the reader's language (from the
 * error's code: the server's own text is English); returns whether it worked.
 */
export function useAction(
  t: Translate,
): [string | null, (action: () => Promise<unknown>) => Promise<boolean>] {
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      return true;
    } catch (cause) {
      setError(errorText(t, cause));
      return false;
    }
  };
  return [error, run];
}
