/**
 * The one case folding of search: the archive stores each message's text folded, queries
 * are folded the same way, and highlights find matches in the folded text, so what matches
 * and what is marked never disagree, for long words and short, in every script.
 *
 * Unicode full case folding, one code point at a time: `Ö` → `ö`, `ß` and `ẞ` → `ss`,
 * `ﬁ` → `fi`, `ς` and `Σ` → `σ`. Lowercasing the uppercase of the lowercase gives exactly
 * that (checked against CaseFolding.txt for every code point) but for the dotless `ı`,
 * which Unicode leaves alone and which stays `ı` here too. One choice of ours: `İ` folds to
 * `i`, as in Turkish, rather than to `i` and a combining dot, so that `istanbul` finds
 * `İstanbul`. Control characters fold to a space: a query word never holds one, and the
 * trigram index then never sees a NUL. Text is not normalised: `é` typed as e and a
 * combining accent is not `é`.
 */

const DOTLESS_I = "\u0131";
const DOTTED_CAPITAL_I = "\u0130";
const CONTROL = /\p{Cc}/u;
/** Printable ASCII: folding is `toLowerCase`, and lengths do not change. */
const PLAIN_ASCII = /^[\x20-\x7e]*$/;

function foldPoint(ch: string): string {
  if (CONTROL.test(ch)) return " ";
  if (ch === DOTLESS_I) return ch;
  if (ch === DOTTED_CAPITAL_I) return "i";
  return ch.toLowerCase().toUpperCase().toLowerCase();
}

/** `text` case-folded; may be longer than `text` (`ß` → `ss`). */
export function foldCase(text: string): string {
  if (PLAIN_ASCII.test(text)) return text.toLowerCase();
  let folded = "";
  for (const ch of text) folded += foldPoint(ch);
  return folded;
}

/**
 * What the archive's `folded` column holds for `body`: its folding, or null when folding
 * changes nothing (the archive matches `search_text`, `COALESCE(folded, body)`:
 * migrations/0003_archive_search.sql).
 */
export function foldedColumn(body: string): string | null {
  const folded = foldCase(body);
  return folded === body ? null : folded;
}

interface FoldedText {
  folded: string;
  /** For each UTF-16 unit of `folded`: where the character of `text` it came from starts... */
  start: number[];
  /** ...and where that character ends. */
  end: number[];
}

/** `text` folded, with a map from each unit of the folding back to `text`. */
export function foldMapped(text: string): FoldedText {
  const start: number[] = [];
  const end: number[] = [];
  let folded = "";
  let at = 0;
  for (const ch of text) {
    const piece = foldPoint(ch);
    for (let i = 0; i < piece.length; i++) {
      start.push(at);
      end.push(at + ch.length);
    }
    folded += piece;
    at += ch.length;
  }
  return { folded, start, end };
}

/**
 * What search matches in a message: its text, and the names of its files, one per line
 * (a photo sent without a caption is found by its file name).
 */
export function searchableText(message: {
  body: string;
  attachments?: readonly { name: string | null }[];
}): string {
  const names = (message.attachments ?? []).flatMap((a) => (a.name === null ? [] : [a.name]));
  return [message.body, ...names].filter((part) => part.length > 0).join("\n");
}

/**
 * The archive's `folded` column for a message: its searchable text folded, or null when
 * that is its body itself (see {@link foldedColumn}).
 */
export function foldedFor(message: Parameters<typeof searchableText>[0]): string | null {
  const text = searchableText(message);
  return text === message.body ? foldedColumn(text) : foldCase(text);
}
