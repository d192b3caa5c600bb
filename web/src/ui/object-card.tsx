/**
 * An object's card, as its chats show it: photo, title, price and status ("Deleted" once
 * deleted), linked to the object's page. In the room it sits at the top, with the owner's
 * deal buttons for that chat's asker.
 */
import type { ObjectCard } from "../../../src/protocol";
import { objectAsker } from "../state/cards";
import { LinkedImage } from "./avatar";
import { DealControls } from "./deal-controls";
import type { Ui } from "./describe";
import { onLink } from "./hooks";
import { priceText, statusText } from "./object-words";

/** The object's page: where a listing elsewhere links to, and where "Ask about this" is. */
export const objectPath = (objectId: string) => `/objects/${encodeURIComponent(objectId)}`;

/**
 * The card's photo: an upload of the owner's (shown through a file link), or an https link.
 * The app's Content-Security-Policy may refuse another origin's image: then nothing is shown.
 */
export function CardImage(props: { ui: Ui; card: ObjectCard; class: string }) {
  const { card } = props;
  if (!card.image) return null;
  return <ObjectImage ui={props.ui} image={card.image} title={card.title} class={props.class} />;
}

/** One of an object's images, an upload id or an https link. */
export function ObjectImage(props: { ui: Ui; image: string; title: string; class: string }) {
  const { ui, image } = props;
  const alt = ui.t("objectImage", { title: props.title });
  if (!image.startsWith("https://")) {
    return <LinkedImage ui={ui} id={image} class={props.class} alt={alt} />;
  }
  return (
    <img
      class={props.class}
      src={image}
      alt={alt}
      referrerPolicy="no-referrer"
      loading="lazy"
      onError={(e) => {
        e.currentTarget.hidden = true;
      }}
    />
  );
}

export function ObjectCardView(props: { ui: Ui; card: ObjectCard }) {
  const { ui, card } = props;
  const { t } = ui;
  return (
    <div class={`object-card row status-${card.deleted ? "deleted" : card.status}`}>
      <CardImage ui={ui} card={card} class="thumb" />
      <div class="grow">
        <p class="object-title">
          {card.deleted ? (
            card.title
          ) : (
            <a href={objectPath(card.id)} onClick={onLink}>
              {card.title}
            </a>
          )}
        </p>
        <p class="subtitle">
          <span class="price">{priceText(ui, card.price)}</span> ·{" "}
          <span class="object-status">{statusText(t, card)}</span>
        </p>
      </div>
    </div>
  );
}

/** The top of an object room: its card, and for the owner the deal with this chat's asker. */
export function RoomCard(props: { ui: Ui; roomId: string; card: ObjectCard }) {
  const { ui, roomId, card } = props;
  const asker = objectAsker(roomId);
  const mine = card.ownerId === ui.store.me.user.id;
  return (
    <section class="room-card" aria-label={ui.t("object")}>
      <ObjectCardView ui={ui} card={card} />
      {mine && asker && !card.deleted && <DealControls ui={ui} card={card} askerId={asker} />}
    </section>
  );
}

/** A list row's avatar for an object: its first letter, under its photo when it has one. */
export function CardAvatar(props: { ui: Ui; card: ObjectCard }) {
  const { ui, card } = props;
  return (
    <span class="avatar" aria-hidden="true">
      {[...card.title][0] ?? "?"}
      <CardImage ui={ui} card={card} class="avatar-photo" />
    </span>
  );
}
