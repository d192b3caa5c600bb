// `npm run bench`: bundles bench/main.ts (TypeScript importing the SDK) with esbuild into a
// temporary file and runs it, passing the arguments on (`npm run bench -- --quick`).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = resolve(import.meta.dirname, "..");
const dir = await mkdtemp(join(tmpdir(), "edge-chat-bench-"));
const outfile = join(dir, "bench.mjs");
let code = 1;
try {
  await build({
    entryPoints: [join(root, "bench/main.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    outfile,
    logLevel: "warning",
    // test/e2e/dev-server.ts finds the project from its own directory.
    define: { "import.meta.dirname": JSON.stringify(join(root, "test/e2e")) },
  });
  const { main } = await import(pathToFileURL(outfile).href);
  code = await main();
} catch (error) {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : error}\n`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
// Sockets and timers of the clients may linger; the servers are already stopped.
process.exit(code);
