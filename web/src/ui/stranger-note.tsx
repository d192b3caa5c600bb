/**
 * Above the messages of a chat someone the user has never chatted with started (the
 * entry's `stranger`, docs/protocol.md, Rooms): who it is, a word of care, and Block and
 * Report (the user) at hand. It goes once the user writes in the chat, or blocks them.
 */
import { ErrorLine } from "./card";
import { nameOf, type Ui } from "./describe";
import { useAction } from "./room-info";
import { UserSafety } from "./user-safety";

export function StrangerNote(props: {
  ui: Ui;
  roomId: string;
  /** The other member, who started the chat. */
  peer: string;
  /** Tells what was done ("Report sent."). */
  say: (notice: string) => void;
}) {
  const { ui, roomId, peer } = props;
  const [error, run] = useAction(ui.t);
  return (
    <div class="notice stranger-note row wrap">
      <p class="grow">{ui.t("strangerNote", { name: nameOf(ui, peer) })}</p>
      <UserSafety ui={ui} userId={peer} roomId={roomId} run={run} say={props.say} />
      <ErrorLine error={error} />
    </div>
  );
}
