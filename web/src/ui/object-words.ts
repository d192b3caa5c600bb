/**
 * Words for an object chat: the card's status, and the sentence its `{type:"object"}`
 * system message reads as, worded from the card before and after (docs/protocol.md, "The
 * card in the chat") for the one reading it.
 */
import {
  assertNever,
  chatOpen,
  type ObjectCard,
  type Price,
  type SystemEvent,
} from "../../../src/protocol";
import type { Lang, Translate } from "../i18n";
import { formatPrice } from "../state/price";

/** What wording needs: the language, the reader, and people's names. */
export interface Words {
  t: Translate;
  lang: Lang;
  /** The reader's user id. */
  me: string;
  name: (userId: string) => string;
}

type ObjectEvent = Extract<SystemEvent, { type: "object" }>;

/** The card's status as shown: "Deleted", the owner's own word, or the status's. */
export function statusText(t: Translate, card: ObjectCard): string {
  if (card.deleted) return t("deleted");
  return card.statusLabel ?? t(card.status);
}

/** A price, or "no price". */
export function priceText(words: Pick<Words, "t" | "lang">, price: Price | null): string {
  return price ? formatPrice(words.lang, price) : words.t("noPrice");
}

/** The system message of a change to the chat's object, as a sentence (or a few). */
export function objectEventText(words: Words, event: ObjectEvent): string {
  const { t } = words;
  const { card, previous } = event;
  if (card.deleted && !previous.deleted) return t("deletedEvent");
  const parts: string[] = [];
  if (card.status !== previous.status || card.dealWith !== previous.dealWith) {
    parts.push(dealText(words, card));
  }
  if (card.title !== previous.title) parts.push(t("titleChanged", { title: card.title }));
  if (JSON.stringify(card.price) !== JSON.stringify(previous.price)) {
    parts.push(
      t("priceChanged", {
        from: priceText(words, previous.price),
        to: priceText(words, card.price),
      }),
    );
  }
  if (card.statusLabel && card.statusLabel !== previous.statusLabel) {
    parts.push(t("labelChanged", { label: card.statusLabel }));
  }
  return parts.length > 0 ? parts.join(" · ") : t("objectChanged", { title: card.title });
}

/** Where the object stands now, for this reader: "Reserved for you", "Sold", … */
function dealText(words: Words, card: ObjectCard): string {
  const { t, me } = words;
  switch (card.status) {
    case "reserved":
      if (card.dealWith === me) return t("reservedForYou");
      if (card.ownerId === me && card.dealWith) {
        return t("reservedFor", { name: words.name(card.dealWith) });
      }
      return t("reservedForOther");
    case "sold":
      return t("soldEvent");
    case "closed":
      return t("closedEvent");
    case "available":
      return t("availableAgain");
    default:
      return assertNever(card.status);
  }
}

/** Why members may not write in the chat any more; null while they may. */
export function readOnlyReason(t: Translate, card: ObjectCard, askerId: string): string | null {
  if (chatOpen(card, askerId)) return null;
  if (card.deleted) return t("readOnlyDeleted");
  return card.status === "closed" ? t("readOnlyClosed") : t("readOnlySold");
}
