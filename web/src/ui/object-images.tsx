/**
 * An object's photos in its form: up to LIMITS.objectImagesMax, in card order (the first is
 * on the card), each an upload (resized in the browser with its thumbnail, as a message's
 * photo is; a progress bar and cancel while it goes up) or an https link; moved earlier or
 * later, or removed.
 */
import { useRef, useState } from "preact/hooks";
import { ChatApiError } from "../../../src/client";
import { LIMITS } from "../../../src/protocol";
import { errorText } from "../state/error-text";
import { BlobPreview } from "./blob-preview";
import { ErrorLine } from "./card";
import type { Ui } from "./describe";
import { ObjectImage } from "./object-card";

interface Item {
  key: number;
  /** An upload id or an https link; null while uploading. */
  ref: string | null;
  /** While uploading: the local preview, and bytes sent of all. */
  preview?: Blob | null;
  name?: string;
  loaded?: number;
  total?: number;
  abort?: AbortController;
}

let nextKey = 1;

export interface ImageList {
  items: Item[];
  error: string | null;
  /** The images in order, or null while one is still uploading. */
  refs(): string[] | null;
  add(files: File[]): void;
  addLink(url: string): void;
  move(key: number, step: -1 | 1): void;
  remove(key: number): void;
}

export function useImageList(ui: Ui, initial: readonly string[]): ImageList {
  const { store, t } = ui;
  const [items, setItems] = useState<Item[]>(() => initial.map((ref) => ({ key: nextKey++, ref })));
  const [error, setError] = useState<string | null>(null);
  const update = (key: number, change: Partial<Item>) =>
    setItems((all) => all.map((i) => (i.key === key ? { ...i, ...change } : i)));
  const drop = (key: number) => setItems((all) => all.filter((i) => i.key !== key));
  const room = () => LIMITS.objectImagesMax - items.length;

  async function upload(file: File, item: Item, signal: AbortSignal) {
    const { prepareFile } = await import("../media/prepare");
    const ready = await prepareFile(file);
    if (!ready.thumb) throw Object.assign(new Error("not a picture"), { reason: "unsupported" });
    update(item.key, {
      preview: ready.thumb,
      total: ready.blob.size,
      name: ready.name ?? file.name,
    });
    const thumb = await store.client.media.upload(ready.thumb, { type: "image/jpeg", signal });
    const info = await store.client.media.upload(ready.blob, {
      type: ready.type,
      name: ready.name,
      width: ready.width,
      height: ready.height,
      thumb: thumb.id,
      signal,
      onProgress: (loaded) => update(item.key, { loaded }),
    });
    update(item.key, { ref: info.id, preview: null });
  }

  return {
    items,
    error,
    refs: () => (items.some((i) => i.ref === null) ? null : items.map((i) => i.ref as string)),
    add(files) {
      setError(null);
      if (files.length > room()) setError(t("tooManyPhotos", { count: LIMITS.objectImagesMax }));
      for (const file of files.slice(0, Math.max(0, room()))) {
        const abort = new AbortController();
        const item: Item = { key: nextKey++, ref: null, name: file.name, abort };
        setItems((all) => [...all, item]);
        upload(file, item, abort.signal).catch((cause: unknown) => {
          drop(item.key);
          if (cause instanceof ChatApiError && cause.code === "aborted") return;
          const reason = (cause as { reason?: string } | null)?.reason;
          setError(
            reason === "unsupported" || reason === "unreadable"
              ? t("notAPicture", { name: file.name })
              : errorText(t, cause),
          );
        });
      }
    },
    addLink(url) {
      if (room() <= 0) setError(t("tooManyPhotos", { count: LIMITS.objectImagesMax }));
      else setItems((all) => [...all, { key: nextKey++, ref: url }]);
    },
    move(key, step) {
      setItems((all) => {
        const from = all.findIndex((i) => i.key === key);
        const to = from + step;
        if (from < 0 || to < 0 || to >= all.length) return all;
        const next = [...all];
        [next[from], next[to]] = [next[to] as Item, next[from] as Item];
        return next;
      });
    },
    remove(key) {
      items.find((i) => i.key === key)?.abort?.abort();
      drop(key);
    },
  };
}

export function ImagesField(props: { ui: Ui; list: ImageList; title: string }) {
  const { ui, list } = props;
  const { t } = ui;
  const [link, setLink] = useState("");
  const picker = useRef<HTMLInputElement>(null);
  const count = list.items.length;
  return (
    <fieldset class="object-images">
      <legend>{t("objectPhotos", { count: LIMITS.objectImagesMax })}</legend>
      <ErrorLine error={list.error} />
      {count > 0 && (
        <ol class="image-list">
          {list.items.map((item, i) => {
            const n = i + 1;
            return (
              <li key={item.key} class="row">
                {item.ref ? (
                  <ObjectImage ui={ui} image={item.ref} title={props.title} class="thumb" />
                ) : item.preview ? (
                  <BlobPreview blob={item.preview} label={t("photoN", { n })} size={48} />
                ) : (
                  <span class="blob-preview" />
                )}
                <span class="grow pending-name">
                  <span class="file-name">{item.name ?? t("photoN", { n })}</span>
                  {item.ref === null && (
                    <progress
                      max={item.total ?? 1}
                      value={item.loaded ?? 0}
                      aria-label={t("uploadProgress", { name: item.name ?? t("photoN", { n }) })}
                    />
                  )}
                </span>
                <button
                  type="button"
                  class="secondary small"
                  aria-label={t("moveEarlier", { n })}
                  disabled={i === 0}
                  onClick={() => list.move(item.key, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  class="secondary small"
                  aria-label={t("moveLater", { n })}
                  disabled={i === count - 1}
                  onClick={() => list.move(item.key, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  class="secondary small"
                  aria-label={t("removePhoto", { n })}
                  onClick={() => list.remove(item.key)}
                >
                  ✕
                </button>
              </li>
            );
          })}
        </ol>
      )}
      <div class="row wrap">
        <button
          type="button"
          class="secondary"
          disabled={count >= LIMITS.objectImagesMax}
          onClick={() => picker.current?.click()}
        >
          {t("addPhotos")}
        </button>
        <input
          ref={picker}
          type="file"
          accept="image/*"
          multiple
          hidden
          onChange={(e) => {
            list.add([...(e.currentTarget.files ?? [])]);
            e.currentTarget.value = "";
          }}
        />
      </div>
      <div class="row">
        <label class="grow">
          {t("imageLink")}
          <input
            type="url"
            pattern="https://.*"
            maxLength={LIMITS.objectImageRefMax}
            value={link}
            onInput={(e) => setLink(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key !== "Enter") return;
              e.preventDefault(); // adds the link; the form is sent by its own button
              if (/^https:\/\/\S+$/.test(link.trim())) {
                list.addLink(link.trim());
                setLink("");
              }
            }}
          />
        </label>
        <button
          type="button"
          class="secondary"
          disabled={!/^https:\/\/\S+$/.test(link.trim()) || count >= LIMITS.objectImagesMax}
          onClick={() => {
            list.addLink(link.trim());
            setLink("");
          }}
        >
          {t("addLink")}
        </button>
      </div>
    </fieldset>
  );
}
