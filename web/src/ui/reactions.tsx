/**
 * A message's reactions, as chips under it: the emoji and how many put it, the user's own
 * marked (pressed); each named for a screen reader, and on hover, with who reacted. Where the
 * user may write, a tap puts the emoji or takes the user's back.
 */
import { useEffect } from "preact/hooks";
import type { ChatMessage } from "../../../src/protocol";
import { reactionChips } from "../state/reaction-chips";
import { nameOf, type Ui } from "./describe";

export function Reactions(props: { ui: Ui; message: ChatMessage; canReact: boolean }) {
  const { ui, message } = props;
  const { store, t } = ui;
  const chips = reactionChips(message, store.me.user.id);
  const everyone = chips.flatMap((c) => c.userIds).join(" ");
  useEffect(() => store.people.want(everyone.split(" ")), [store, everyone]);
  if (chips.length === 0) return null;
  return (
    <div class="reactions">
      {chips.map(({ emoji, count, mine, userIds }) => {
        const label = t("reactionFrom", {
          emoji,
          names: userIds.map((id) => nameOf(ui, id)).join(", "),
        });
        const face = (
          <>
            <span aria-hidden="true">{emoji}</span>
            <span aria-hidden="true" class="count">
              {count}
            </span>
          </>
        );
        return props.canReact ? (
          <button
            key={emoji}
            type="button"
            class={mine ? "chip mine" : "chip"}
            aria-pressed={mine}
            aria-label={label}
            title={label}
            onClick={() =>
              void store.client.react(message.roomId, message.seq, emoji, !mine).catch(() => {})
            }
          >
            {face}
          </button>
        ) : (
          <span key={emoji} class={mine ? "chip mine" : "chip"} title={label}>
            {face}
            <span class="visually-hidden">{label}</span>
          </span>
        );
      })}
    </div>
  );
}
