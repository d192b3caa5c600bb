/**
 * Real Chromium for the browser tests, driven by playwright-core (which never downloads a
 * browser of its own). Which one, in order:
 *
 * 1. `CHROMIUM_PATH`, a Chromium or Chrome binary;
 * 2. a system Chromium: `chromium` or `chromium-browser` on the path;
 * 3. the one the devDependency `@sparticuz/chromium` carries inside its npm package, so that
 *    `npm install && npm test` works on a bare Linux x64 machine with no browser and no root.
 *    It is unpacked once into node_modules/.cache (about 2 s), keyed by its version.
 *
 * The global setup finds it once ({@link findChromium}) and hands the path to the tests,
 * which launch it with our own arguments ({@link launchChromium}): never that package's
 * serverless defaults, which switch web security off.
 */
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    chromiumPath: string;
  }
}

const ROOT = resolve(import.meta.dirname, "../..");
const CACHE = join(ROOT, "node_modules/.cache/edge-chat-chromium");

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A system Chromium on the path, if there is one. */
function systemChromium(): string | null {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    for (const name of ["chromium", "chromium-browser"]) {
      const path = join(dir, name);
      if (dir && executable(path)) return path;
    }
  }
  return null;
}

/**
 * The npm package's Chromium, unpacked into a folder of its version. The package unpacks
 * into `os.tmpdir()`, so TMPDIR points at a fresh folder for the call, which is renamed into
 * place only when complete: an interrupted run leaves no half-written browser behind.
 */
async function packagedChromium(): Promise<string> {
  const { default: Packaged } = await import("@sparticuz/chromium");
  const manifest = join(ROOT, "node_modules/@sparticuz/chromium/package.json");
  const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };
  const dir = join(CACHE, version);
  const binary = join(dir, "chromium");
  if (executable(binary)) return binary;
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const tmpdir = process.env.TMPDIR;
  process.env.TMPDIR = partial;
  try {
    await Packaged.executablePath();
  } finally {
    if (tmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpdir;
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  return binary;
}

/** Which Chromium the browser tests use (see the file's comment). */
export async function findChromium(): Promise<string> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) {
      throw new Error(`CHROMIUM_PATH is set to ${configured}, which does not exist.`);
    }
    return configured;
  }
  return systemChromium() ?? (await packagedChromium());
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: inject("chromiumPath"),
    headless: true,
    // Root in CI needs --no-sandbox; the rest keep Chromium off the (closed) network.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
