/**
 * A message's photos, one at a time at full size, in a modal dialog: the browser keeps the
 * focus inside it and closes it on Esc (the focus going back to the photo opened); the arrow
 * keys and buttons go through the message's photos; the photo can be downloaded.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { Attachment } from "../../../src/protocol";
import type { Ui } from "./describe";
import { Picture } from "./picture";

export function Viewer(props: {
  ui: Ui;
  photos: Attachment[];
  start: number;
  caption: string;
  onClose: () => void;
}) {
  const { ui, photos, onClose } = props;
  const { t } = ui;
  const dialog = useRef<HTMLDialogElement>(null);
  const [at, setAt] = useState(props.start);
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);
  const photo = photos[at];
  if (!photo) return null;
  const go = (step: number) => setAt((at + step + photos.length) % photos.length);
  const link = ui.store.links.url(photo.id);
  const many = photos.length > 1;
  return (
    <dialog
      ref={dialog}
      class="viewer"
      aria-label={t("photoViewer")}
      onClose={onClose}
      onKeyDown={(e) => {
        if (many && e.key === "ArrowLeft") go(-1);
        if (many && e.key === "ArrowRight") go(1);
      }}
    >
      <div class="row viewer-bar">
        <span class="grow viewer-name">
          {photo.name ?? t("photoViewer")}
          {many ? ` (${at + 1}/${photos.length})` : ""}
        </span>
        {link && (
          <a class="button secondary" href={link} download={photo.name ?? ""}>
            {t("download")}
          </a>
        )}
        <button type="button" onClick={() => dialog.current?.close()}>
          {t("closeViewer")}
        </button>
      </div>
      <Picture
        key={photo.id}
        ui={ui}
        file={photo}
        full={true}
        class="viewer-img"
        alt={photo.name ?? t("photoViewer")}
      />
      {many && (
        <div class="row viewer-steps">
          <button type="button" class="secondary" onClick={() => go(-1)}>
            {t("previousPhoto")}
          </button>
          <button type="button" class="secondary" onClick={() => go(1)}>
            {t("nextPhoto")}
          </button>
        </div>
      )}
      {props.caption && <p class="viewer-caption">{props.caption}</p>}
    </dialog>
  );
}
