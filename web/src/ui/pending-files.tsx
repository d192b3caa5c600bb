/**
 * The files of a message of mine on its way: each with its local preview, a progress bar
 * while it uploads, and a button that cancels it (the last one cancelled takes the message
 * with it: nothing is sent). Also the files of a refused message, to retry or delete.
 */
import type { FileToSend, OutboxFile } from "../../../src/client";
import { isShown } from "../media/file-kinds";
import { BlobPreview } from "./blob-preview";
import type { Ui } from "./describe";

type Shown = FileToSend & Partial<Pick<OutboxFile, "key" | "loaded" | "uploaded">>;

export function PendingFiles(props: { ui: Ui; files: Shown[]; onCancel?: (key: string) => void }) {
  const { ui, onCancel } = props;
  const { t } = ui;
  return (
    <ul class="pending-files">
      {props.files.map((file, i) => {
        const name = file.name ?? t("photoN", { n: i + 1 });
        const key = file.key;
        const uploading = key !== undefined && !file.uploaded;
        return (
          <li key={key ?? i} class="pending-file">
            {file.thumb || isShown(file.type) ? (
              <BlobPreview blob={file.thumb ?? file.blob} label={name} size={48} />
            ) : (
              <span class="file-icon" aria-hidden="true">
                📎
              </span>
            )}
            <span class="grow pending-name">
              <span class="file-name">{name}</span>
              {uploading && (
                <progress
                  max={file.blob.size}
                  value={file.loaded ?? 0}
                  aria-label={t("uploadProgress", { name })}
                />
              )}
            </span>
            {uploading && onCancel && (
              <button
                type="button"
                class="secondary small"
                aria-label={t("cancelUpload", { name })}
                onClick={() => onCancel(key)}
              >
                ✕
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
