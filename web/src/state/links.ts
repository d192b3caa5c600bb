/**
 * Message text split into plain text and links. Only absolute http(s) URLs become links;
 * anything else (javascript:, data:, bare words) stays text. Rendering puts each piece in a
 * text node or an <a rel="noopener noreferrer">, never into HTML.
 */
export type Piece = { text: string; href?: string };

const URL_LIKE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
/** Punctuation that usually ends a sentence rather than a URL. */
const TRAILING = /[.,!?:;'")\]}>]+$/;

export function linkify(text: string): Piece[] {
  const pieces: Piece[] = [];
  let at = 0;
  for (const match of text.matchAll(URL_LIKE)) {
    const start = match.index;
    const raw = match[0].replace(TRAILING, "");
    const href = safeHref(raw);
    if (!href) continue;
    if (start > at) pieces.push({ text: text.slice(at, start) });
    pieces.push({ text: raw, href });
    at = start + raw.length;
  }
  if (at < text.length) pieces.push({ text: text.slice(at) });
  return pieces;
}

function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}
