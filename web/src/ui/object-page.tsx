import { type ChatObject, cardOf } from "../../../src/protocol";
import type { Translate } from "../i18n";
import { ownQuestions } from "../state/questions";
import { CardHeader, ErrorLine } from "./card";
import type { Ui } from "./describe";
import { navigate, onLink } from "./hooks";
import { CardImage, ObjectImage, objectPath } from "./object-card";
import { byObjectPath } from "./object-inbox";
import { priceText, statusText } from "./object-words";
import { useObject } from "./use-object";

/**
 * The questions offered: the object's own, else the service's defaults (which the server
 * answers in place of none) in the reader's language.
 */
export function questionsFor(object: Pick<ChatObject, "quickQuestions">, t: Translate): string[] {
  return ownQuestions(object).length > 0
    ? object.quickQuestions
    : [t("questionAvailable"), t("questionSee"), t("questionPrice")];
}

export function ObjectPage(props: { ui: Ui; objectId: string }) {
  const { ui, objectId } = props;
  const { store, t } = ui;
  const { object, error, run } = useObject(store, objectId, t);
  const card = object ? cardOf(object) : null;
  const mine = object?.ownerId === store.me.user.id;
  /** Opens the chat with the owner, sending `question` first when one was tapped. */
  const ask = (question?: string) =>
    void run(async () => {
      const room = await store.objects.ask(objectId);
      store.ensureRoom(room);
      if (question) store.send(room.id, question);
      navigate(`/rooms/${encodeURIComponent(room.id)}`);
    });
  return (
    <section class="card object-page" aria-labelledby="object-page-title">
      <CardHeader
        ui={ui}
        back={mine ? "/objects" : "/"}
        titleId="object-page-title"
        title={object?.title ?? t("object")}
      />
      <ErrorLine error={error} />
      {object && card ? (
        <>
          <CardImage ui={ui} card={card} class="photo" />
          {object.images.length > 1 && (
            <ul class="object-photos">
              {object.images.slice(1).map((image) => (
                <li key={image}>
                  <ObjectImage ui={ui} image={image} title={object.title} class="thumb" />
                </li>
              ))}
            </ul>
          )}
          <p>
            <span class="price">{priceText(ui, object.price)}</span> ·{" "}
            <span class="object-status">{statusText(t, card)}</span>
          </p>
          {object.description && <p class="description">{object.description}</p>}
          {mine ? (
            <>
              <p class="subtitle">{t("yourObject")}</p>
              <div class="row wrap">
                <a class="button" href={`${objectPath(objectId)}/edit`} onClick={onLink}>
                  {t("editObject")}
                </a>
                <a class="button secondary" href={byObjectPath(objectId)} onClick={onLink}>
                  {t("chatsAbout")}
                </a>
              </div>
            </>
          ) : (
            <>
              <button type="button" onClick={() => ask()}>
                {t("askAbout")}
              </button>
              <h3 id="quick-title">{t("quickQuestions")}</h3>
              <ul class="quick" aria-labelledby="quick-title">
                {questionsFor(object, t).map((question) => (
                  <li key={question}>
                    <button type="button" class="secondary" onClick={() => ask(question)}>
                      {question}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      ) : (
        !error && <p>{t("working")}</p>
      )}
    </section>
  );
}
