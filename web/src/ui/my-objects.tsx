/** "My objects": the user's objects, newest first, a page at a time, and "New object". */
import { useEffect, useState } from "preact/hooks";
import { type ChatObject, cardOf } from "../../../src/protocol";
import { CardHeader, ErrorLine } from "./card";
import type { Ui } from "./describe";
import { onLink } from "./hooks";
import { CardAvatar, objectPath } from "./object-card";
import { priceText, statusText } from "./object-words";
import { useAction } from "./room-info";

export function MyObjects(props: { ui: Ui }) {
  const { ui } = props;
  const { store, t } = ui;
  const [objects, setObjects] = useState<ChatObject[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, run] = useAction(t);
  const load = (from: string | null) => {
    setLoading(true);
    void run(async () => {
      const page = await store.objects.list({ cursor: from });
      setObjects((held) => [...(from ? (held ?? []) : []), ...page.objects]);
      setCursor(page.nextCursor);
    }).finally(() => setLoading(false));
  };
  useEffect(() => load(null), [store]);
  return (
    <section class="card" aria-labelledby="my-objects-title">
      <div class="row">
        <CardHeader ui={ui} back="/" titleId="my-objects-title" title={t("myObjects")} />
        <a class="button" href="/objects/new" onClick={onLink}>
          {t("newObject")}
        </a>
      </div>
      <ErrorLine error={error} />
      {objects === null ? (
        !error && <p>{t("working")}</p>
      ) : objects.length === 0 ? (
        <p>{t("noObjects")}</p>
      ) : (
        <ul class="rooms">
          {objects.map((object) => {
            const card = cardOf(object);
            return (
              <li key={object.id}>
                <a href={objectPath(object.id)} onClick={onLink} class="room">
                  <CardAvatar ui={ui} card={card} />
                  <span class="grow summary">
                    <span class="title">
                      {object.title}
                      <span class="tag object-status">{statusText(t, card)}</span>
                    </span>
                    <span class="preview">{priceText(ui, object.price)}</span>
                  </span>
                </a>
              </li>
            );
          })}
        </ul>
      )}
      {cursor !== null && (
        <button type="button" class="link" disabled={loading} onClick={() => load(cursor)}>
          {loading ? t("working") : t("moreObjects")}
        </button>
      )}
    </section>
  );
}
