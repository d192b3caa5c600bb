/**
 * What takes the composer's place in a direct or object chat with a block in it: the
 * user's own block, with Unblock; or, when the server refused the user's message for a
 * block the other made, that this chat takes none.
 */
import { ErrorLine } from "./card";
import { nameOf, type Ui } from "./describe";
import { useAction } from "./room-info";

export function BlockedNote(props: {
  ui: Ui;
  roomId: string;
  /** The other member, when the user blocked them; null when the block is not the user's. */
  peer: string | null;
}) {
  const { ui, roomId, peer } = props;
  const { store, t } = ui;
  const [error, run] = useAction(t);
  if (peer === null) return <p class="notice blocked-note">{t("cantMessage")}</p>;
  return (
    <div class="notice blocked-note row wrap">
      <p class="grow">{t("youBlocked", { name: nameOf(ui, peer) })}</p>
      <button
        type="button"
        class="secondary"
        onClick={() => void run(() => store.safety.unblock(peer, [roomId]))}
      >
        {t("unblock")}
      </button>
      <ErrorLine error={error} />
    </div>
  );
}
