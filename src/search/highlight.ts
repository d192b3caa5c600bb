/**
 * Snippets and highlights computed here rather than by SQLite's snippet(): the client gets
 * plain text and offsets, never markup, so rendering a match cannot inject HTML.
 */
const BEFORE = 30;
const LENGTH = 120;

/** Case-insensitive matching where lowercasing keeps lengths (it does for Hangul and ASCII). */
function fold(text: string): string {
  const lower = text.toLowerCase();
  return lower.length === text.length ? lower : text;
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

export function snippetFor(
  body: string,
  terms: string[],
): { snippet: string; highlights: [number, number][] } {
  const haystack = fold(body);
  const needles = terms.map(fold).filter((t) => t.length > 0);
  const matches: [number, number][] = [];
  for (const needle of needles) {
    for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
      matches.push([at, at + needle.length]);
    }
  }
  matches.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const first = matches[0]?.[0] ?? 0;
  let start = Math.max(0, Math.min(first - BEFORE, body.length - LENGTH));
  let end = Math.min(body.length, start + LENGTH);
  // Never cut a character in two (emoji and other astral characters are surrogate pairs).
  if (start > 0 && isLowSurrogate(body.charCodeAt(start))) start -= 1;
  if (end < body.length && isLowSurrogate(body.charCodeAt(end))) end += 1;
  const lead = start > 0 ? "…" : "";
  const snippet = `${lead}${body.slice(start, end)}${end < body.length ? "…" : ""}`;
  const highlights: [number, number][] = [];
  for (const [from, to] of matches) {
    if (from < start || to > end) continue;
    const a = from - start + lead.length;
    const b = to - start + lead.length;
    const previous = highlights.at(-1);
    if (previous && a <= previous[1]) previous[1] = Math.max(previous[1], b);
    else highlights.push([a, b]);
  }
  return { snippet, highlights };
}
