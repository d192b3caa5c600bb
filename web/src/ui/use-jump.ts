/**
 * A room opened at a message (`?at=<seq>`): asks the store for the window around it
 * (state/jumps.ts) and says what the timeline shows meanwhile: nothing while the window is
 * on its way, then the window (with the changes the live run heard since applied), or the
 * live run once the window has met it (or the live run held the message already). A window the room no longer shows is let go.
 */
import { useEffect, useState } from "preact/hooks";
import type { ChatMessage } from "../../../src/protocol";
import { type AroundWindow, withLiveChanges } from "../state/around";
import { errorText } from "../state/error-text";
import type { RoomState } from "../state/room-state";
import type { Ui } from "./describe";

export interface JumpView {
  /** The messages to show: the window's, or the live run's. */
  messages: ChatMessage[];
  /** The window shown, or null for the live run. */
  window: AroundWindow | null;
  /** The message to land on, once what holds it shows. */
  target: number | null;
  /** The window is on its way: nothing to show yet. */
  opening: boolean;
}

export function useJump(
  ui: Ui,
  state: RoomState,
  at: number | null,
  say: (text: string) => void,
): JumpView {
  const { store } = ui;
  const roomId = state.entry.id;
  const [opening, setOpening] = useState(at !== null);
  useEffect(() => {
    if (at === null) return;
    let current = true;
    setOpening(true);
    store.jumps
      .open(roomId, at)
      .catch((error: unknown) => current && say(errorText(ui.t, error)))
      .finally(() => current && setOpening(false));
    return () => {
      current = false;
      store.jumps.leave(roomId);
    };
  }, [store, roomId, at]);
  const window = at === null ? null : store.jumps.window(roomId);
  const waiting = at !== null && opening && window === null;
  return {
    messages: waiting ? [] : window ? withLiveChanges(window, state.messages) : state.messages,
    window,
    target: waiting ? null : at,
    opening: waiting,
  };
}
