/**
 * A message's files: its photos as a grid laid out from their sizes before anything loads
 * (one alone at its shape; two side by side; three or four in two rows; more in rows of
 * three), each opening the viewer; its other files as rows with an icon, the name, the size
 * and a download link.
 */
import { useState } from "preact/hooks";
import type { Attachment } from "../../../src/protocol";
import { formatSize, isShown } from "../media/file-kinds";
import type { Ui } from "./describe";
import { Picture } from "./picture";
import { Viewer } from "./viewer";

/** A lone photo's box: at most this wide and tall (CSS px), never blown up past twice. */
const ALONE = { width: 256, height: 320, upscale: 2 };

function aloneSize(file: Attachment) {
  if (!file.width || !file.height) return { width: `${ALONE.width}px`, aspectRatio: "4 / 3" };
  const scale = Math.min(ALONE.upscale, ALONE.width / file.width, ALONE.height / file.height);
  return {
    width: `${Math.round(file.width * scale)}px`,
    aspectRatio: `${file.width} / ${file.height}`,
  };
}

const layout = (count: number) => (count <= 2 ? count : count <= 4 ? count : "many");

export function AttachmentList(props: { ui: Ui; files: Attachment[]; caption: string }) {
  const { ui, files } = props;
  const photos = files.filter((f) => isShown(f.type));
  const others = files.filter((f) => !isShown(f.type));
  const [open, setOpen] = useState<number | null>(null);
  return (
    <div class="attachments">
      {photos.length > 0 && (
        <div class={`photo-grid photos-${layout(photos.length)}`}>
          {photos.map((photo, i) => (
            <button
              key={photo.id}
              type="button"
              class="photo-cell"
              // A lone photo keeps its shape; the box is sized before it loads.
              style={photos.length === 1 ? aloneSize(photo) : undefined}
              aria-label={ui.t("openPhoto", { n: i + 1, count: photos.length })}
              onClick={() => setOpen(i)}
            >
              <Picture ui={ui} file={photo} full={photos.length === 1} class="photo-img" alt="" />
            </button>
          ))}
        </div>
      )}
      {others.length > 0 && (
        <ul class="file-rows">
          {others.map((file) => (
            <FileRow key={file.id} ui={ui} file={file} />
          ))}
        </ul>
      )}
      {open !== null && (
        <Viewer
          ui={ui}
          photos={photos}
          start={open}
          caption={props.caption}
          onClose={() => setOpen(null)}
        />
      )}
    </div>
  );
}

const ICONS: Partial<Record<Attachment["type"], string>> = {
  "application/pdf": "📄",
  "application/zip": "🗜️",
};

function FileRow(props: { ui: Ui; file: Attachment }) {
  const { ui, file } = props;
  const url = ui.store.links.url(file.id);
  const name = file.name ?? ui.t("download");
  const size = formatSize(ui.lang, file.size);
  const content = (
    <>
      <span class="file-icon" aria-hidden="true">
        {ICONS[file.type] ?? "📎"}
      </span>
      <span class="grow file-name">{name}</span>
      <span class="file-size">{size}</span>
    </>
  );
  return (
    <li>
      {url ? (
        <a class="file-row" href={url} download={name}>
          <span class="visually-hidden">{ui.t("download")}: </span>
          {content}
        </a>
      ) : (
        <span class="file-row">{content}</span>
      )}
    </li>
  );
}
