/**
 * The SDK's upload transport on XMLHttpRequest, the one browser API that reports an
 * upload's progress; `fetch` cannot yet. A cancel aborts the request, so the server sees a
 * body shorter than its Content-Length and stores nothing.
 */
import { ChatApiError, type UploadAnswer, type UploadRequest } from "../../../src/client";

export function xhrTransport(request: UploadRequest): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", request.url);
    for (const [name, value] of Object.entries(request.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => request.onProgress?.(event.loaded, event.total);
    xhr.onload = () =>
      resolve({
        status: xhr.status,
        text: xhr.responseText,
        retryAfter: xhr.getResponseHeader("Retry-After"),
      });
    xhr.onerror = () =>
      reject(new ChatApiError(0, "network_error", "the upload did not go through"));
    xhr.onabort = () => reject(new ChatApiError(0, "aborted", "the upload was cancelled"));
    const signal = request.signal;
    if (signal?.aborted) {
      reject(new ChatApiError(0, "aborted", "the upload was cancelled"));
      return;
    }
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(request.body);
  });
}
