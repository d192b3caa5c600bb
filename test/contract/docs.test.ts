/**
 * The written contract against the code: docs/protocol.md names every error code the
 * protocol module defines and every close code the server uses, and the README's settings
 * table names every setting in src/settings.ts, and no other, and is exactly what the settings
 * table writes (`npm run docs:settings`). (Read from the files, in Node.)
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CLOSE, ERROR_CODES } from "../../src/protocol";
import { DEFAULT_SETTINGS } from "../../src/settings";
import { currentSettingsSection, settingsSection } from "../../src/settings/markdown";

const ROOT = resolve(import.meta.dirname, "../..");
const read = (path: string) => readFileSync(resolve(ROOT, path), "utf8");

/** The first cells of the table that follows `heading`, as written between backticks. */
function firstColumn(markdown: string, heading: string): string[] {
  const start = markdown.indexOf(heading);
  expect(start, `${heading} is missing`).toBeGreaterThan(-1);
  const rows: string[] = [];
  let inTable = false;
  for (const line of markdown.slice(start).split("\n").slice(1)) {
    if (line.startsWith("|")) {
      inTable = true;
      const cell = line.split("|")[1]?.trim() ?? "";
      rows.push(...[...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string));
      if (/^\d+$/.test(cell)) rows.push(cell);
    } else if (inTable) {
      break;
    }
  }
  return rows;
}

describe("docs/protocol.md", () => {
  const protocol = read("docs/protocol.md");

  it("lists every error code, and only those", () => {
    expect(firstColumn(protocol, "## Error codes").sort()).toEqual([...ERROR_CODES].sort());
  });

  it("lists every close code the server sends", () => {
    const listed = firstColumn(protocol, "### Close codes");
    for (const code of Object.values(CLOSE)) expect(listed).toContain(String(code));
  });
});

describe("README.md", () => {
  it("has a row for every setting, and no row for anything else", () => {
    const rows = firstColumn(read("README.md"), "## Settings");
    expect([...new Set(rows)].sort()).toEqual(Object.keys(DEFAULT_SETTINGS).sort());
  });

  it("holds the settings table exactly as the settings module writes it, every column", () => {
    const current = currentSettingsSection(read("README.md"));
    expect(current, "README.md has no settings markers").toBeDefined();
    // On a difference: run `npm run docs:settings`, and change settings in src/settings/.
    expect(current).toBe(settingsSection());
  });
});
