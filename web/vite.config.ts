/**
 * The web client's build: Preact with JSX compiled by Vite's own transformer, output to
 * web/dist, which wrangler serves as static assets (wrangler.toml [assets]).
 *
 * And the service worker (src/sw), built into /sw.js: a fixed name at the root, so that it
 * controls the whole origin. It is bundled on its own after the app, with no imports left
 * (a classic worker script): the paths of the app shell it caches, the built assets and the
 * public files, are known only then, and are written into it with their version.
 */
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build, defineConfig, type Plugin, type Rolldown } from "vite";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here("."),
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  plugins: [serviceWorker({ entry: here("src/sw/index.ts"), publicDir: here("public") })],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // Budget-checked by test/browser/bundle-size.test.ts.
    reportCompressedSize: true,
  },
});

/** Public files that are not part of the shell: the header rules for the host. */
const NOT_SHELL = new Set(["_headers"]);

export function serviceWorker(options: { entry: string; publicDir: string }): Plugin {
  return {
    name: "edge-chat:service-worker",
    apply: "build",
    enforce: "post",
    generateBundle: {
      order: "post",
      async handler(_output, bundle) {
        const files = [
          ...Object.keys(bundle).filter((name) => name.startsWith("assets/")),
          ...readdirSync(options.publicDir).filter((name) => !NOT_SHELL.has(name)),
        ];
        const shell = ["/", ...files.map((name) => `/${name}`)].sort();
        const version = createHash("sha256").update(shell.join("\n")).digest("hex").slice(0, 16);
        const code = await bundleWorker(options.entry, {
          __SHELL__: JSON.stringify(shell),
          __SHELL_VERSION__: JSON.stringify(version),
        });
        this.emitFile({ type: "asset", fileName: "sw.js", source: code });
      },
    },
  };
}

async function bundleWorker(entry: string, define: Record<string, string>): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: "warn",
    publicDir: false,
    define,
    build: {
      write: false,
      target: "es2022",
      minify: true,
      lib: { entry, formats: ["es"], fileName: "sw" },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunk = outputs[0]?.output.find((file) => file.type === "chunk");
  if (chunk?.type !== "chunk") throw new Error(`no service worker built from ${entry}`);
  return chunk.code;
}
