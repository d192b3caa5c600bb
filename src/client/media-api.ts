/**
 * Files over HTTP (docs/protocol.md, "Media"): an upload with progress and cancel, and links
 * for `<img src>`. The upload goes through a pluggable transport: `fetch` by default (no
 * progress), or one a browser app builds on XMLHttpRequest, whose upload reports progress.
 */
import { LIMITS, type MediaInfo, type MediaLink, type MediaLinks } from "../protocol";
import type { ApiClient } from "./api";
import { answerError, ChatApiError } from "./errors";

/** One upload as a transport sends it. */
export interface UploadRequest {
  url: string;
  /** The bytes; `Content-Length` follows from the Blob's size. */
  body: Blob;
  headers: Record<string, string>;
  signal?: AbortSignal;
  onProgress?: (loaded: number, total: number) => void;
}

/** What came back: the status, the text, and `Retry-After` if any. */
export interface UploadAnswer {
  status: number;
  text: string;
  retryAfter: string | null;
}

/**
 * Sends an upload. Rejects with a `ChatApiError` coded `aborted` when its signal aborts,
 * and with any other error when the network fails.
 */
export type UploadTransport = (request: UploadRequest) => Promise<UploadAnswer>;

/** What is said of a file as it is uploaded (`POST /api/media?name=&width=&height=&thumb=`). */
export interface UploadOptions {
  type: string;
  name?: string | null;
  width?: number | null;
  height?: number | null;
  /** The id of its thumbnail, uploaded just before. */
  thumb?: string | null;
  signal?: AbortSignal;
  onProgress?: (loaded: number, total: number) => void;
}

const aborted = () => new ChatApiError(0, "aborted", "the upload was cancelled");

/** Uploads with `fetch`: works everywhere, reports no progress but the end. */
export function fetchTransport(fetchImpl: typeof fetch = (i, init) => fetch(i, init)) {
  return async (request: UploadRequest): Promise<UploadAnswer> => {
    try {
      const response = await fetchImpl(request.url, {
        method: "POST",
        headers: request.headers,
        body: request.body,
        ...(request.signal ? { signal: request.signal } : {}),
      });
      const text = await response.text();
      request.onProgress?.(request.body.size, request.body.size);
      return { status: response.status, text, retryAfter: response.headers.get("Retry-After") };
    } catch (error) {
      if (request.signal?.aborted) throw aborted();
      throw error;
    }
  };
}

/** The query of an upload: only what is known. */
export function uploadQuery(options: UploadOptions): string {
  const params = new URLSearchParams();
  if (options.name) params.set("name", options.name);
  if (options.width) params.set("width", String(Math.round(options.width)));
  if (options.height) params.set("height", String(Math.round(options.height)));
  if (options.thumb) params.set("thumb", options.thumb);
  return params.size > 0 ? `?${params}` : "";
}

export class MediaApi {
  private readonly transport: UploadTransport;

  constructor(
    private readonly api: ApiClient,
    transport?: UploadTransport,
  ) {
    this.transport = transport ?? fetchTransport(api.fetcher);
  }

  /**
   * Uploads a file of one of the types taken (`MEDIA_TYPES`). Network failures are
   * `network_error`, a cancel `aborted`, refusals the server's code.
   *
   * @example
   * ```ts
   * const thumb = await media.upload(small, { type: "image/jpeg" });
   * const photo = await media.upload(big, { type: "image/jpeg", name: "cat.jpg",
   *   width: 2048, height: 1536, thumb: thumb.id, onProgress: (n, of) => show(n / of) });
   * ```
   */
  upload(file: Blob, options: UploadOptions): Promise<MediaInfo> {
    const url = `${this.api.baseUrl}/api/media${uploadQuery(options)}`;
    return this.api.withToken(async (token) => {
      if (options.signal?.aborted) throw aborted();
      let answer: UploadAnswer;
      try {
        answer = await this.transport({
          url,
          body: file,
          headers: { Authorization: `Bearer ${token}`, "Content-Type": options.type },
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        });
      } catch (error) {
        if (error instanceof ChatApiError) throw error;
        const message = error instanceof Error ? error.message : String(error);
        throw new ChatApiError(0, "network_error", message);
      }
      if (answer.status < 200 || answer.status >= 300) {
        throw answerError(answer.status, answer.text, answer.retryAfter);
      }
      return JSON.parse(answer.text) as MediaInfo;
    });
  }

  /** Links to files, for `<img src>` and downloads; files the caller may not see are left out. */
  async links(ids: readonly string[]): Promise<MediaLink[]> {
    const out: MediaLink[] = [];
    for (let i = 0; i < ids.length; i += LIMITS.mediaLinksMax) {
      const chunk = ids.slice(i, i + LIMITS.mediaLinksMax);
      const answer = await this.api.authed<MediaLinks>("POST", "/api/media/links", { ids: chunk });
      out.push(...answer.links);
    }
    return out;
  }
}
