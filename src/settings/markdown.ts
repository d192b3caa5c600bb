/**
 * The README's settings table, written from the settings table (./table.ts) so the two
 * cannot disagree: `npm run docs:settings` puts it into README.md between the markers, and
 * test/contract/docs.test.ts fails when what is there differs from what this writes.
 */
import type { Entry, Table } from "./entry";
import { RULES, type Rule, ruleMessage } from "./rules";
import { SETTINGS_TABLE } from "./table";

export const BEGIN =
  "<!-- settings:begin: written by `npm run docs:settings` from src/settings/; do not edit -->";
export const END = "<!-- settings:end -->";

const DAY_SECONDS = 24 * 60 * 60;
const NONE = "—";

/** A default as the README shows it; whole days of a `_SECONDS` setting are spelled out too. */
function formatDefault(key: string, entry: Entry): string {
  const value = entry.default;
  if (typeof value === "string") return `\`${value}\``;
  if (typeof value !== "number") return `\`${value.join(",")}\``;
  if (key.endsWith("_SECONDS") && value >= DAY_SECONDS && value % DAY_SECONDS === 0) {
    const days = value / DAY_SECONDS;
    return `${value} (${days} day${days === 1 ? "" : "s"})`;
  }
  return String(value);
}

function row(key: string, entry: Entry): string[] {
  const bounded = typeof entry.default === "number" && "min" in entry;
  return [
    `\`${key}\``,
    formatDefault(key, entry),
    bounded ? String(entry.min) : NONE,
    bounded && entry.max !== undefined ? String(entry.max) : NONE,
    entry.kind,
    entry.doc,
  ];
}

/**
 * A Markdown table, every column but the last padded to its widest cell (the last holds
 * sentences, which padding would only stretch).
 */
export function markdownTable(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(3, ...all.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join(" | ")} |`;
  const rule = widths.map((w, i) => "-".repeat(i === widths.length - 1 ? 3 : w));
  return [line(header), line(rule), ...rows.map(line)].join("\n");
}

/** The table of `table`'s settings, then the checks between them. */
export function renderSettings(table: Table, rules: readonly Rule[]): string {
  const header = ["setting", "default", "min", "max", "kind", "meaning"];
  const rows = Object.entries(table).map(([key, entry]) => row(key, entry));
  const checks = rules.map((r) => `- ${ruleMessage(r).replace(/\b([A-Z][A-Z0-9_]+)\b/g, "`$1`")}.`);
  return [
    markdownTable(header, rows),
    "",
    "`policy`: a product limit an operator may tune; `internal`: an engineering knob, changed",
    "only with a measurement in hand. Every number is a whole number within its min and max;",
    "besides, the settings are checked against each other:",
    "",
    ...checks,
  ].join("\n");
}

/** The whole section between the markers, as README.md must hold it. */
export function settingsSection(): string {
  return [BEGIN, renderSettings(SETTINGS_TABLE, RULES), END].join("\n");
}

/** `readme` with its settings section replaced by `section`; throws without the markers. */
export function withSettingsSection(readme: string, section: string): string {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error("README.md has no settings markers");
  return readme.slice(0, start) + section + readme.slice(end + END.length);
}

/** The settings section README.md holds now, markers included; undefined without them. */
export function currentSettingsSection(readme: string): string | undefined {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  return start < 0 || end < start ? undefined : readme.slice(start, end + END.length);
}
