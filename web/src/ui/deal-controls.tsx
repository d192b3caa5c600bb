/**
 * The owner's deal with one chat's asker, from that chat: reserve for them, mark it sold to
 * them (`POST /api/objects/:id/deal`), or make the object available again (`PATCH`). The
 * answer shows on the card at once; every chat about the object hears of it a moment later.
 */
import type { ChatObject, ObjectCard } from "../../../src/protocol";
import { ErrorLine } from "./card";
import { nameOf, type Ui } from "./describe";
import { useAction } from "./room-info";

export function DealControls(props: { ui: Ui; card: ObjectCard; askerId: string }) {
  const { ui, card, askerId } = props;
  const { store, t } = ui;
  const [error, run] = useAction(t);
  const name = nameOf(ui, askerId);
  const apply = (change: () => Promise<ChatObject>) =>
    void run(async () => store.objectChanged(await change()));
  const deal = (status: "reserved" | "sold") =>
    apply(() => store.objects.deal(card.id, { status, askerId }));
  const theirs = card.dealWith === askerId;
  const canReserve = card.status === "available" || (card.status === "reserved" && !theirs);
  const canSell = card.status === "available" || card.status === "reserved";
  return (
    <div class="deal">
      <div class="row wrap">
        {canReserve && (
          <button type="button" class="secondary" onClick={() => deal("reserved")}>
            {t("reserveFor", { name })}
          </button>
        )}
        {canSell && (
          <button type="button" class="secondary" onClick={() => deal("sold")}>
            {t("soldTo", { name })}
          </button>
        )}
        {card.status !== "available" && (
          <button
            type="button"
            class="secondary"
            onClick={() => apply(() => store.objects.update(card.id, { status: "available" }))}
          >
            {t("availableAgain")}
          </button>
        )}
      </div>
      <ErrorLine error={error} />
    </div>
  );
}
