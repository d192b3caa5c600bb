/**
 * The web client's build: Preact with JSX compiled by Vite's own transformer, output to
 * web/dist, which wrangler serves as static assets (wrangler.toml [assets]).
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // Budget-checked by test/browser/bundle-size.test.ts.
    reportCompressedSize: true,
  },
});
