/**
 * Creating an object, or editing one of yours: title, description, price and currency, its
 * photos (uploads or links, ./object-images.tsx), quick questions, and (editing) whether it
 * is available or closed. A reserved
 * or sold object keeps its deal unless another status is picked.
 */
import { useState } from "preact/hooks";
import { type ChatObject, LIMITS, type UpdateObjectBody } from "../../../src/protocol";
import { CURRENCIES, fromMinor, toMinor } from "../state/price";
import { ownQuestions } from "../state/questions";
import { CardHeader, ErrorLine } from "./card";
import type { Ui } from "./describe";
import { navigate } from "./hooks";
import { objectPath } from "./object-card";
import { ImagesField, useImageList } from "./object-images";
import { useAction } from "./room-info";
import { useObject } from "./use-object";

/** The form's fields as the routes take them (`status` only when changed). */
type Fields = Omit<UpdateObjectBody, "status"> & {
  title: string;
  status?: "available" | "closed";
};

export function NewObject(props: { ui: Ui }) {
  const { ui } = props;
  const { store, t } = ui;
  return (
    <section class="card" aria-labelledby="object-form-title">
      <CardHeader ui={ui} back="/objects" titleId="object-form-title" title={t("newObject")} />
      <ObjectForm
        ui={ui}
        object={null}
        submit={async (fields) => {
          const { status: _, ...body } = fields;
          const object = await store.objects.create(body);
          navigate(objectPath(object.id), true);
        }}
      />
    </section>
  );
}

export function EditObject(props: { ui: Ui; objectId: string }) {
  const { ui, objectId } = props;
  const { store, t } = ui;
  const { object, error } = useObject(store, objectId, t);
  return (
    <section class="card" aria-labelledby="object-form-title">
      <CardHeader
        ui={ui}
        back={objectPath(objectId)}
        titleId="object-form-title"
        title={object ? object.title : t("editObject")}
      />
      <ErrorLine error={error} />
      {object ? (
        <ObjectForm
          ui={ui}
          object={object}
          submit={async (fields) => {
            store.objectChanged(await store.objects.update(objectId, fields));
            navigate(objectPath(objectId), true);
          }}
        />
      ) : (
        !error && <p>{t("working")}</p>
      )}
    </section>
  );
}

function ObjectForm(props: {
  ui: Ui;
  object: ChatObject | null;
  submit: (fields: Fields) => Promise<void>;
}) {
  const { ui, object } = props;
  const { t } = ui;
  const [error, run] = useAction(t);
  const [invalid, setInvalid] = useState<string | null>(null);
  const currency = object?.price?.currency ?? (ui.lang === "ko" ? "KRW" : "USD");
  const currencies = [...new Set([currency, ...CURRENCIES])];
  const images = useImageList(ui, object?.images ?? []);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget as HTMLFormElement);
        const text = (name: string) => String(form.get(name) ?? "");
        const fields = read(text);
        if (typeof fields === "string") {
          setInvalid(fields);
          return;
        }
        setInvalid(null);
        void run(() => props.submit(fields));
      }}
    >
      <ErrorLine error={invalid ?? error} />
      <label>
        {t("objectTitle")}
        <input
          name="title"
          required
          maxLength={LIMITS.objectTitleMax}
          defaultValue={object?.title ?? ""}
        />
      </label>
      <label>
        {t("description")}
        <textarea
          name="description"
          rows={4}
          maxLength={LIMITS.objectDescriptionMax}
          defaultValue={object?.description ?? ""}
        />
      </label>
      <div class="row">
        <label class="grow">
          {t("price")}
          <input
            name="price"
            inputMode="decimal"
            autocomplete="off"
            aria-describedby="price-hint"
            defaultValue={
              object?.price ? fromMinor(object.price.amount, object.price.currency) : ""
            }
          />
        </label>
        <label>
          {t("currency")}
          <select name="currency" defaultValue={currency}>
            {currencies.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p id="price-hint" class="subtitle">
        {t("priceHint")}
      </p>
      <ImagesField ui={ui} list={images} title={object?.title ?? ""} />
      <label>
        {t("quickQuestionsField")}
        <textarea
          name="questions"
          rows={3}
          defaultValue={object ? ownQuestions(object).join("\n") : ""}
        />
      </label>
      {object && (
        <label>
          {t("status")}
          <select name="status" defaultValue="">
            <option value="">{t("unchanged", { status: t(object.status) })}</option>
            {object.status !== "available" && <option value="available">{t("available")}</option>}
            {object.status !== "closed" && <option value="closed">{t("closed")}</option>}
          </select>
        </label>
      )}
      <button type="submit">{object ? t("save") : t("createObject")}</button>
    </form>
  );

  /** The fields from the form, or why they cannot be sent. */
  function read(text: (name: string) => string): Fields | string {
    const code = text("currency");
    const amountText = text("price").trim();
    const amount = amountText === "" ? null : toMinor(amountText, code);
    if (amount === null && amountText !== "") {
      return t("priceInvalid", { example: fromMinor(1250, code) });
    }
    const refs = images.refs();
    if (refs === null) return t("uploadingPhotos");
    const status = text("status");
    return {
      title: text("title").trim(),
      description: text("description"),
      price: amount === null ? null : { amount, currency: code },
      images: refs,
      quickQuestions: text("questions")
        .split("\n")
        .map((q) => q.trim())
        .filter((q) => q.length > 0),
      ...(status === "available" || status === "closed" ? { status } : {}),
    };
  }
}
