/**
 * The room's side of message actions: what each action does here, which message's menu is
 * open (one at a time), which message the Tab key reaches (the last focused, else the
 * newest); and a short notice of what an action did ("Copied.").
 */
import type { RefObject } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { ChatMessage } from "../../../src/protocol";
import { type ActionId, actionsFor } from "../state/message-actions";
import type { Ui } from "./describe";

/** One entry of the menu, as shown: its label, and what choosing it does. */
export interface MenuEntry {
  id: string;
  label: string;
  run(): void;
}

/** A message's menu as its list runs it (one menu open at a time, one message tabbable). */
export interface ActionsControl {
  entries: MenuEntry[];
  open: boolean;
  /** The one message of the list the Tab key reaches (the others by the arrow keys). */
  tabbable: boolean;
  setOpen(open: boolean): void;
  /** The message got the focus: it is the list's tabbable one from now. */
  focused(): void;
}

/** How long a notice stays. */
const NOTICE_MS = 3000;

/** A notice shown for a few seconds, and how to show one. */
export function useNotice(): [string, (notice: string) => void] {
  const [notice, setNotice] = useState("");
  const timer = useRef(0);
  useEffect(() => () => clearTimeout(timer.current), []);
  const say = (text: string) => {
    setNotice(text);
    clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setNotice(""), NOTICE_MS);
  };
  return [notice, say];
}

export function useRoomActions(
  ui: Ui,
  messages: readonly ChatMessage[],
  options: {
    canWrite: boolean;
    composer: RefObject<HTMLTextAreaElement | null>;
    say: (notice: string) => void;
  },
): { controlFor: (message: ChatMessage) => ActionsControl | undefined } {
  const { store, t } = ui;
  const { say } = options;
  const [openSeq, setOpenSeq] = useState<number | null>(null);
  const [focusSeq, setFocusSeq] = useState<number | null>(null);

  const run: Record<ActionId, (message: ChatMessage) => void> = {
    reply: (message) => {
      store.replies.start(message);
      options.composer.current?.focus();
    },
    copy: (message) => {
      const copying = navigator.clipboard?.writeText(message.body) ?? Promise.reject();
      copying.then(
        () => say(t("copied")),
        () => say(t("copyFailed")),
      );
    },
  };

  const context = { me: store.me.user.id, canWrite: options.canWrite };
  const withActions = messages.filter((m) => actionsFor(m, context).length > 0);
  const tabSeq = withActions.some((m) => m.seq === focusSeq) ? focusSeq : withActions.at(-1)?.seq;
  const controlFor = (message: ChatMessage): ActionsControl | undefined => {
    const entries = actionsFor(message, context).map((action) => ({
      id: action.id,
      label: t(action.label),
      run: () => run[action.id](message),
    }));
    if (entries.length === 0) return undefined;
    return {
      entries,
      open: openSeq === message.seq,
      tabbable: message.seq === tabSeq,
      setOpen: (open) =>
        setOpenSeq((now) => (open ? message.seq : now === message.seq ? null : now)),
      focused: () => setFocusSeq(message.seq),
    };
  };
  return { controlFor };
}
