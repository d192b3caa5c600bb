/**
 * One byte range of a `Range` header (RFC 9110 §14.1.2) against a file of `size` bytes: the
 * bytes to send, `unsatisfiable` (416), or null to send the whole file (no header, several
 * ranges, or one this server does not read; a server may always ignore `Range`).
 */
export type ByteRange = { offset: number; length: number } | "unsatisfiable";

export function byteRange(header: string | null, size: number): ByteRange | null {
  const match = header === null ? null : /^bytes=(\d{0,15})-(\d{0,15})$/.exec(header.trim());
  if (!match) return null;
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return null;
  if (first === "") {
    // The last `last` bytes.
    const length = Math.min(Number(last), size);
    return length === 0 ? "unsatisfiable" : { offset: size - length, length };
  }
  const offset = Number(first);
  if (offset >= size) return "unsatisfiable";
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (end < offset) return null;
  return { offset, length: end - offset + 1 };
}
