/**
 * Checks between two settings, which no single bound can express. Each is checked when
 * settings are parsed (../settings.ts) and listed under the README's settings table.
 */
import type { NumberKey, Settings } from "./table";

type Relation = "<" | "<=" | ">" | ">=";

export interface Rule {
  key: NumberKey;
  relation: Relation;
  other: NumberKey;
  /** Reads `${key} must ${wording} ${other}`. */
  wording: string;
}

const rule = (key: NumberKey, relation: Relation, other: NumberKey, wording: string): Rule => ({
  key,
  relation,
  other,
  wording,
});

export const RULES: readonly Rule[] = [
  // A timeout no longer than the interval would close a socket between two good pings.
  rule("HEARTBEAT_TIMEOUT_MS", ">", "HEARTBEAT_INTERVAL_MS", "be longer than"),
  // A throttle as long as the lifetime would let a held-down key's signal lapse between relays.
  rule("TYPING_THROTTLE_MS", "<", "TYPING_TTL_MS", "be shorter than"),
  // A default page larger than the largest one would be refused when nobody asked for it.
  rule("HISTORY_PAGE_DEFAULT", "<=", "HISTORY_PAGE_MAX", "not be larger than"),
  rule("INBOX_PAGE_DEFAULT", "<=", "INBOX_PAGE_MAX", "not be larger than"),
  rule("SEARCH_PAGE_DEFAULT", "<=", "SEARCH_PAGE_MAX", "not be larger than"),
  rule("OBJECTS_PAGE_DEFAULT", "<=", "OBJECTS_PAGE_MAX", "not be larger than"),
  rule("REPORTS_PAGE_DEFAULT", "<=", "REPORTS_PAGE_MAX", "not be larger than"),
  // A first retry above the longest one would make the backoff shrink, not grow.
  rule("FANOUT_RETRY_MS", "<=", "FANOUT_RETRY_MAX_MS", "not be longer than"),
  rule("ARCHIVE_RETRY_MS", "<=", "ARCHIVE_RETRY_MAX_MS", "not be longer than"),
  rule("PUSH_RETRY_SECONDS", "<=", "PUSH_RETRY_MAX_SECONDS", "not be longer than"),
  // Quiet members are those who need their session least: never more often than live ones.
  rule("FANOUT_QUIET_DELAY_MS", ">=", "FANOUT_LIVE_DELAY_MS", "not be shorter than"),
];

export function ruleMessage(r: Rule): string {
  return `${r.key} must ${r.wording} ${r.other}`;
}

export function ruleHolds(r: Rule, settings: Settings): boolean {
  const a = settings[r.key];
  const b = settings[r.other];
  switch (r.relation) {
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
  }
}
