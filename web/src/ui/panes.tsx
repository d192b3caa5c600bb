/**
 * The screens' layout. On a wide window the chat list and the open chat sit side by side:
 * the list stays mounted while the user switches rooms (its place, its pages, nothing
 * fetched again), the open room's row marked. On a phone-sized window one shows at a time.
 */
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { Ui } from "./describe";
import { Inbox } from "./inbox";

/** From this width up, two panes (60rem: 960 px at the default font size). */
export const WIDE_QUERY = "(min-width: 60rem)";

const wideNow = () => matchMedia(WIDE_QUERY).matches;

/** Whether the window is wide enough for two panes, following it as it is resized. */
export function useWide(): boolean {
  const [wide, setWide] = useState(wideNow);
  useEffect(() => {
    const query = matchMedia(WIDE_QUERY);
    const update = () => setWide(query.matches);
    update();
    query.addEventListener("change", update);
    return () => query.removeEventListener("change", update);
  }, []);
  return wide;
}

/** The list beside a screen of the chats (a room, its info, a new chat), or a prompt. */
export function Panes(props: { ui: Ui; current: string | null; children?: ComponentChildren }) {
  const { ui } = props;
  return (
    <div class="panes">
      <div class="list-pane">
        <Inbox ui={ui} current={props.current} />
      </div>
      <div class="main-pane">
        {props.children ?? <p class="card choose-chat">{ui.t("chooseChat")}</p>}
      </div>
    </div>
  );
}
