/**
 * The files of queued messages, uploaded before their message goes out: one file at a time
 * per message, each thumbnail just before its image, each result kept in the outbox as it
 * comes (so a reload or a reconnect uploads nothing twice), a file cancelled on request.
 * Part of ChatClient, split out to keep each file small; the Sender starts it, only while a
 * socket is up, so nothing is tried while the device is offline.
 */
import { type Attachment, INLINE_MEDIA_TYPES, type MediaInfo, type MediaType } from "../protocol";
import { ChatApiError, isFinal } from "./errors";
import type { MediaApi } from "./media-api";
import type { Outbox, PendingFile } from "./outbox";

export interface UploadsDeps {
  outbox: Outbox;
  media: Pick<MediaApi, "upload">;
  /** Every file of the message is uploaded, or a pause after a failure is over: send it. */
  ready(clientMsgId: string): void;
  /** A file was refused for good: so is its message. */
  failed(clientMsgId: string, error: ChatApiError): void;
}

/** The longest pause before an upload that failed for a passing reason is tried again. */
const RETRY_MAX_MS = 30_000;

interface Run {
  /** The file being uploaded now, and how to stop it. */
  key: string | null;
  controller: AbortController;
}

const asAttachment = (info: MediaInfo): Attachment => ({
  id: info.id,
  type: info.type,
  size: info.size,
  name: info.name,
  width: info.width,
  height: info.height,
  thumbId: info.thumbId,
});

export class Uploads {
  private readonly runs = new Map<string, Run>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly deps: UploadsDeps) {}

  /** Uploads what is left of a message's files, unless that is under way or waiting. */
  start(clientMsgId: string): void {
    if (this.runs.has(clientMsgId) || this.timers.has(clientMsgId)) return;
    const run: Run = { key: null, controller: new AbortController() };
    this.runs.set(clientMsgId, run);
    this.files(clientMsgId, run).then(
      () => {
        this.runs.delete(clientMsgId);
        this.failures.delete(clientMsgId);
        if (this.deps.outbox.attachmentIds(clientMsgId)) this.deps.ready(clientMsgId);
      },
      (error: unknown) => {
        this.runs.delete(clientMsgId);
        if (error instanceof ChatApiError && error.code === "aborted") return; // stopped
        if (isFinal(error)) {
          this.deps.failed(clientMsgId, error);
          return;
        }
        this.later(clientMsgId, error);
      },
    );
  }

  /**
   * Cancels one file of a queued message before it is uploaded: its upload stops and it
   * leaves the message (a message left with none is dropped, and nothing of it is sent).
   */
  cancel(clientMsgId: string, key: string): void {
    const cancelled = new ChatApiError(0, "aborted", "cancelled");
    const file = this.deps.outbox.toUpload(clientMsgId).find((f) => f.key === key);
    if (!file) return; // uploaded already: it goes with the message
    const dropped = this.deps.outbox.dropFile(clientMsgId, key, cancelled);
    const run = this.runs.get(clientMsgId);
    if (run?.key === key || dropped) run?.controller.abort();
    if (dropped) this.forget(clientMsgId);
  }

  /** Stops every upload (the client stopped); what was uploaded is kept. */
  stop(): void {
    for (const run of this.runs.values()) run.controller.abort();
    this.runs.clear();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private async files(clientMsgId: string, run: Run): Promise<void> {
    for (;;) {
      const file = this.deps.outbox.toUpload(clientMsgId)[0];
      if (!file) return;
      run.key = file.key;
      try {
        await this.upload(clientMsgId, file, run.controller.signal);
      } catch (error) {
        const gone = !this.deps.outbox.toUpload(clientMsgId).some((f) => f.key === file.key);
        if (!(error instanceof ChatApiError && error.code === "aborted" && gone)) throw error;
        if (!this.deps.outbox.has(clientMsgId)) return; // the whole message was dropped
        run.controller = new AbortController(); // that file was cancelled: on to the next
      }
    }
  }

  /** Uploads a file's thumbnail (unless done), then the file with it. */
  private async upload(clientMsgId: string, file: PendingFile, signal: AbortSignal) {
    const { outbox, media } = this.deps;
    let thumbId = file.thumbId;
    let thumbFresh = false;
    let type = file.type;
    for (;;) {
      if (file.thumb && !thumbId) {
        const type = file.thumb.type || "image/jpeg";
        thumbId = (await media.upload(file.thumb, { type, signal })).id;
        thumbFresh = true;
        outbox.fileChanged(clientMsgId, file.key, { thumbId });
      }
      try {
        const info = await media.upload(file.blob, {
          type,
          name: file.name,
          width: file.width,
          height: file.height,
          thumb: thumbId,
          signal,
          onProgress: (loaded) => outbox.progress(clientMsgId, file.key, loaded),
        });
        outbox.fileChanged(clientMsgId, file.key, { uploaded: asAttachment(info) });
        return;
      } catch (error) {
        // A document whose bytes are not its type (a `.doc` that is RTF): sent as a plain
        // download instead, which the server takes whatever the bytes.
        if (isMisnamed(error, type)) {
          type = "application/octet-stream";
          continue;
        }
        // A thumbnail taken by an earlier try whose answer was lost, or swept while the
        // message waited: upload it again, once.
        const stale = error instanceof ChatApiError && error.code === "bad_attachment";
        if (!stale || !thumbId || thumbFresh) throw error;
        thumbId = null;
        outbox.fileChanged(clientMsgId, file.key, { thumbId: null });
      }
    }
  }

  /** A passing failure: try again after a growing pause (or the server's `Retry-After`). */
  private later(clientMsgId: string, error: unknown): void {
    const failures = (this.failures.get(clientMsgId) ?? 0) + 1;
    this.failures.set(clientMsgId, failures);
    const asked = error instanceof ChatApiError ? error.retryAfterSeconds : undefined;
    const pause = asked ? asked * 1_000 : Math.min(RETRY_MAX_MS, 1_000 * 2 ** (failures - 1));
    const timer = setTimeout(() => {
      this.timers.delete(clientMsgId);
      this.deps.ready(clientMsgId);
    }, pause);
    this.timers.set(clientMsgId, timer);
  }

  private forget(clientMsgId: string): void {
    const timer = this.timers.get(clientMsgId);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(clientMsgId);
    this.failures.delete(clientMsgId);
  }
}

/** A refusal of a file's bytes as its type, for a type that is not a photo. */
function isMisnamed(error: unknown, type: MediaType): boolean {
  return (
    error instanceof ChatApiError &&
    error.code === "unsupported_media_type" &&
    type !== "application/octet-stream" &&
    !INLINE_MEDIA_TYPES.includes(type)
  );
}
