/**
 * The room's side of message actions: what each action does here, which message's menu is
 * open (one at a time), which message the Tab key reaches (the last focused, else the
 * newest); and a short notice of what an action did ("Copied.").
 */
import type { RefObject } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { type ChatMessage, hasReacted, REACTION_EMOJI } from "../../../src/protocol";
import { type ActionContext, type ActionId, actionsFor } from "../state/message-actions";
import type { Ui } from "./describe";

/** One of an entry's choices (React's emoji): checked when the user's own is there. */
export interface MenuChoice {
  id: string;
  /** What shows (the emoji). */
  text: string;
  /** What it is called ("React with 👍"). */
  label: string;
  checked: boolean;
  run(): void;
}

/** One entry of the menu, as shown: its label, and what choosing it does. */
export interface MenuEntry {
  id: string;
  label: string;
  run(): void;
  /** Chosen, these show in the menu's place, to choose one of them. */
  choices?: MenuChoice[];
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

/** What an action asks the room to show: a confirmation to delete, or a report to write. */
export type RoomDialog =
  | { kind: "delete"; message: ChatMessage }
  | { kind: "report"; message: ChatMessage };

/** What the room gives its messages' actions. */
export interface RoomActionOptions {
  /** What the user may do here, besides who they are and the time. */
  context: Pick<ActionContext, "canWrite" | "member" | "deleteAny">;
  composer: RefObject<HTMLTextAreaElement | null>;
  /** Tells what an action did ("Copied."). */
  say: (notice: string) => void;
  /** Puts the message's text in the composer, to edit it. */
  edit: (message: ChatMessage) => void;
  /** Shows a dialog over the room. */
  ask: (dialog: RoomDialog) => void;
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
  /** The messages as shown (the user's queued changes applied). */
  messages: readonly ChatMessage[],
  options: RoomActionOptions,
): { controlFor: (message: ChatMessage) => ActionsControl | undefined } {
  const { store, t } = ui;
  const { say } = options;
  const me = store.me.user.id;
  const [openSeq, setOpenSeq] = useState<number | null>(null);
  const [focusSeq, setFocusSeq] = useState<number | null>(null);

  const run: Record<Exclude<ActionId, "react">, (message: ChatMessage) => void> = {
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
    edit: (message) => options.edit(message),
    delete: (message) => options.ask({ kind: "delete", message }),
    report: (message) => options.ask({ kind: "report", message }),
  };
  /** The emoji to put under `message`, or to take back (the user's own, checked). */
  const emoji = (message: ChatMessage): MenuChoice[] =>
    REACTION_EMOJI.map((e) => {
      const checked = hasReacted(message, e, me);
      return {
        id: e,
        text: e,
        label: t("reactWith", { emoji: e }),
        checked,
        run: () => void store.client.react(message.roomId, message.seq, e, !checked).catch(noop),
      };
    });

  const context: ActionContext = { ...options.context, me, now: Date.now() };
  const withActions = messages.filter((m) => actionsFor(m, context).length > 0);
  const tabSeq = withActions.some((m) => m.seq === focusSeq) ? focusSeq : withActions.at(-1)?.seq;
  const controlFor = (message: ChatMessage): ActionsControl | undefined => {
    const entries = actionsFor(message, context).map(
      (action): MenuEntry =>
        action.id === "react"
          ? { id: action.id, label: t(action.label), run: noop, choices: emoji(message) }
          : { id: action.id, label: t(action.label), run: () => run[action.id](message) },
    );
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

/** Refusals come as the client's `failed` events (outgoing.ts tells them). */
const noop = () => {};
