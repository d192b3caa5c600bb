import { describe, expect, it } from "vitest";
import {
  currentSettingsSection,
  markdownTable,
  renderSettings,
  settingsSection,
  withSettingsSection,
} from "../../src/settings/markdown";
import { RULES } from "../../src/settings/rules";

describe("the README's settings table, written from the settings table", () => {
  it("writes a row per setting with its default, bounds, kind and meaning", () => {
    const text = renderSettings(
      {
        A_SECONDS: { default: 2 * 86_400, min: 60, kind: "policy", doc: "how long" },
        B_MAX: { default: 5, min: 1, max: 9, kind: "internal", doc: "how many" },
        C_NAME: { default: "x", kind: "policy", doc: "a name" },
        D_LIST: { default: ["a", "b"], kind: "policy", doc: "a list" },
      },
      [],
    );
    const rows = text.split("\n").slice(2, 6);
    expect(rows.map((r) => r.split("|").map((c) => c.trim()))).toEqual([
      ["", "`A_SECONDS`", "172800 (2 days)", "60", "—", "policy", "how long", ""],
      ["", "`B_MAX`", "5", "1", "9", "internal", "how many", ""],
      ["", "`C_NAME`", "`x`", "—", "—", "policy", "a name", ""],
      ["", "`D_LIST`", "`a,b`", "—", "—", "policy", "a list", ""],
    ]);
  });

  it("lists each check between settings with the names in code", () => {
    const text = renderSettings({}, RULES.slice(0, 1));
    expect(text).toContain("- `HEARTBEAT_TIMEOUT_MS` must be longer than `HEARTBEAT_INTERVAL_MS`.");
  });

  it("pads every column but the last to its widest cell", () => {
    expect(markdownTable(["a", "b"], [["long cell", "x"]]).split("\n")).toEqual([
      "| a         | b |",
      "| --------- | --- |",
      "| long cell | x |",
    ]);
  });

  it("replaces only what lies between the markers, and finds it again", () => {
    const section = settingsSection();
    const readme = `# Title\n\n${section.split("\n")[0]}\nold\n<!-- settings:end -->\n\nafter\n`;
    const next = withSettingsSection(readme, section);
    expect(next.startsWith("# Title\n\n")).toBe(true);
    expect(next.endsWith("\n\nafter\n")).toBe(true);
    expect(currentSettingsSection(next)).toBe(section);
    expect(() => withSettingsSection("no markers", section)).toThrow(/markers/);
  });
});
