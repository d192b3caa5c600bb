/**
 * The shape of one row of the settings table (src/settings/table.ts). The table is the one
 * place a setting is declared: its type, default, bounds and README row all come from it.
 */

/**
 * `policy`: a product limit an operator may tune (a rate, a lifetime, a page size).
 * `internal`: an engineering knob (batch sizes, retry pacing, memory caps); change it only
 * with a measurement in hand.
 */
export type Kind = "policy" | "internal";

export interface NumberEntry {
  default: number;
  /** The lowest value accepted (every number is a non-negative integer, so at least 0). */
  min: number;
  /** The highest value accepted, when there is one. */
  max?: number;
  kind: Kind;
  /** The README's "meaning" cell: what the setting limits, in a line. */
  doc: string;
}

export interface TextEntry {
  default: string;
  kind: Kind;
  doc: string;
  /** The form a value must have, when it must have one, and how to say so. */
  form?: { pattern: RegExp; wording: string };
}

/** A comma-separated list in the environment. */
export interface ListEntry {
  default: readonly string[];
  kind: Kind;
  doc: string;
}

export type Entry = NumberEntry | TextEntry | ListEntry;

/** One row per setting, keyed by the setting's (and its environment variable's) name. */
export type Table = Record<string, Entry>;
