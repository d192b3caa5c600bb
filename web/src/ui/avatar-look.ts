/**
 * How a person's picture looks when they have none: their initials, on a colour that is
 * theirs (the same on every device, from their id), readable in light and dark themes
 * alike. Pure: avatar.tsx applies it, and a unit test checks every colour's contrast.
 */

/** A background and the text colour on it, as #rrggbb. */
export interface Swatch {
  background: string;
  text: string;
}

/** Each hue's colours in the light theme and in the dark one. */
export interface AvatarColors {
  light: Swatch;
  dark: Swatch;
}

/** How many hues the palette has (30° apart). */
export const AVATAR_HUES = 12;

function hex(h: number, s: number, l: number): string {
  // HSL to RGB (CSS Color 4's algorithm), then to #rrggbb.
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number) => {
    const k = (n + h / 30) % 12;
    const value = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255)
      .toString(16)
      .padStart(2, "0");
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

/** Light: a pale tint with dark text; dark: a deep shade with pale text. */
export const AVATAR_PALETTE: readonly AvatarColors[] = Array.from(
  { length: AVATAR_HUES },
  (_, i) => {
    const h = i * (360 / AVATAR_HUES);
    return {
      light: { background: hex(h, 0.6, 0.86), text: hex(h, 0.7, 0.22) },
      dark: { background: hex(h, 0.45, 0.28), text: hex(h, 0.8, 0.88) },
    };
  },
);

/** A stable index into the palette for an id (FNV-1a, 32 bits). */
export function hueIndex(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % AVATAR_HUES;
}

/** The colours of the person (or room) with this id. */
export function avatarColors(id: string): AvatarColors {
  return AVATAR_PALETTE[hueIndex(id)] as AvatarColors;
}

/** The first user-perceived character of `text` (an emoji with its modifiers whole). */
function firstCharacter(text: string): string {
  if (typeof Intl.Segmenter === "function") {
    const [first] = new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text);
    return first?.segment ?? "";
  }
  return [...text][0] ?? "";
}

/** A letter of a script with capitals (Latin, Greek, Cyrillic…), where two initials read well. */
const CASED = /^[\p{Lu}\p{Ll}\p{Lt}]/u;

/**
 * A name's initials: "Sam Stranger" → "SS", "alice" → "A", "김민지" → "김" (one character
 * for scripts without capitals, whose names are rarely split by spaces), "?" for no name.
 */
export function initials(name: string): string {
  const words = name
    .trim()
    .split(/\s+/u)
    .filter((w) => w.length > 0);
  const first = firstCharacter(words[0] ?? "");
  if (!first) return "?";
  const last = words.length > 1 ? firstCharacter(words.at(-1) ?? "") : "";
  const two = CASED.test(first) && CASED.test(last);
  return (two ? first + last : first).toUpperCase();
}

/** WCAG 2.x contrast ratio of two #rrggbb colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = Number.parseInt(color.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
