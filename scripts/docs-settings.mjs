#!/usr/bin/env node
// Rewrites the README's settings table from the settings table in src/settings/, so the
// README is regenerated, never edited by hand. test/contract/docs.test.ts fails when the two
// differ. The module is TypeScript with extensionless imports, which Node cannot load as is:
// esbuild (already a dev dependency) bundles it in memory first.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const bundled = await build({
  entryPoints: [`${root}src/settings/markdown.ts`],
  bundle: true,
  format: "esm",
  platform: "node",
  write: false,
});
const code = bundled.outputFiles[0].text;
const { settingsSection, withSettingsSection } = await import(
  `data:text/javascript;base64,${Buffer.from(code).toString("base64")}`
);

const readmePath = `${root}README.md`;
const readme = readFileSync(readmePath, "utf8");
const next = withSettingsSection(readme, settingsSection());
if (next === readme) {
  console.log("README.md settings table is up to date.");
} else {
  writeFileSync(readmePath, next);
  console.log("README.md settings table rewritten.");
}
