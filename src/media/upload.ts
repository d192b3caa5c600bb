/**
 * Storing an upload: its first bytes must be the type it declares (./sniff.ts), then the
 * whole body goes to R2 through a `FixedLengthStream` of the declared length (R2 takes only
 * streams of known length, and the stream fails when the body is longer or shorter) while
 * its SHA-256 is taken on the way. Nothing is stored unless all of it holds.
 */
import { concatBytes } from "../auth/encoding";
import type { MediaType } from "../protocol";
import { SNIFF_BYTES, sniff } from "./sniff";

export type Stored =
  | { ok: true; sha256: string }
  | { ok: false; reason: "type"; found: string | null }
  | { ok: false; reason: "length" };

const hex = (bytes: ArrayBuffer) =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

export async function storeUpload(
  bucket: R2Bucket,
  key: string,
  body: ReadableStream<Uint8Array>,
  length: number,
  declared: MediaType,
): Promise<Stored> {
  const reader = body.getReader();
  const seen: Uint8Array[] = [];
  let got = 0;
  while (got < Math.min(SNIFF_BYTES, length)) {
    const next = await reader.read();
    if (next.done) break;
    seen.push(next.value);
    got += next.value.byteLength;
  }
  const head = concatBytes(...seen);
  const sniffed = sniff(declared, head, got >= length);
  if (!sniffed.ok) {
    await reader.cancel();
    return { ok: false, reason: "type", found: sniffed.found };
  }
  // The bytes read, then the rest of the body, as one stream.
  const whole = new ReadableStream<Uint8Array>({
    start(controller) {
      if (head.byteLength > 0) controller.enqueue(head);
    },
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  const fixed = new FixedLengthStream(length);
  const digest = new crypto.DigestStream("SHA-256");
  const [toStore, toHash] = whole.tee();
  const hash = digest.digest.then(hex);
  hash.catch(() => {}); // observed below, or moot when the upload fails
  const outcomes = await Promise.allSettled([
    toStore.pipeTo(fixed.writable),
    toHash.pipeTo(digest),
    bucket.put(key, fixed.readable, { httpMetadata: { contentType: declared } }),
  ]);
  if (outcomes.some((outcome) => outcome.status === "rejected")) {
    return { ok: false, reason: "length" };
  }
  return { ok: true, sha256: await hash };
}
