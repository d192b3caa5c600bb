/**
 * A message shortened to one line for a quote: its whitespace (line breaks included) folded
 * to single spaces and cut to a length, whole characters only, with an ellipsis.
 */

/** Characters a quote's excerpt shows at most. */
export const EXCERPT_MAX = 80;

/** Splits text into what a reader sees as characters (an emoji with modifiers is one). */
function characters(text: string): string[] {
  if (typeof Intl.Segmenter === "function") {
    return [...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text)].map(
      (s) => s.segment,
    );
  }
  return [...text]; // code points: never half a surrogate pair
}

/** `text` on one line, at most `max` characters, "…" ending it when it was cut. */
export function excerpt(text: string, max = EXCERPT_MAX): string {
  const line = text.replace(/\s+/g, " ").trim();
  if (line.length <= max) return line;
  const chars = characters(line);
  if (chars.length <= max) return line;
  return `${chars
    .slice(0, max - 1)
    .join("")
    .trimEnd()}…`;
}
