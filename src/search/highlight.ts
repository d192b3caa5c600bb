/**
 * Snippets and highlights computed here rather than by SQLite's snippet(): the client gets
 * plain text and offsets, never markup, so rendering a match cannot inject HTML.
 *
 * Matches are found in the case-folded body, as search matched them (src/search/fold.ts),
 * and mapped back to the body: folding may change lengths (`İ` becomes two units, `ß`
 * becomes `ss`), and a match that covers part of a folded character marks all of it.
 */
import { foldCase, foldMapped } from "./fold";

const BEFORE = 30;
const LENGTH = 120;

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Every occurrence of each word in `body`, as [start, end) offsets into `body`, in order. */
function matchesIn(body: string, words: string[]): [number, number][] {
  const { folded, start, end } = foldMapped(body);
  const matches: [number, number][] = [];
  for (const needle of words.map(foldCase).filter((w) => w.length > 0)) {
    for (let at = folded.indexOf(needle); at !== -1; at = folded.indexOf(needle, at + 1)) {
      const from = start[at];
      const to = end[at + needle.length - 1];
      if (from !== undefined && to !== undefined) matches.push([from, to]);
    }
  }
  return matches.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
}

/**
 * The snippet of `body` around the words. They are folded here (search passes them folded
 * already, and folding twice changes nothing).
 */
export function snippetFor(
  body: string,
  words: string[],
): { snippet: string; highlights: [number, number][] } {
  const matches = matchesIn(body, words);
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
