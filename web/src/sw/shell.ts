/**
 * The offline app shell: index.html, the built script and stylesheet and the public files,
 * cached on install under a name that changes with them. Pages load network first, falling
 * back to the cached shell; hashed assets come from the cache first. Nothing under /api/
 * is ever cached or answered here, and WebSockets never pass through a service worker.
 */

declare const self: ServiceWorkerGlobalScope;
/** The shell's paths and their version: written in by the build (web/vite.config.ts). */
declare const __SHELL__: readonly string[];
declare const __SHELL_VERSION__: string;

const PREFIX = "edge-chat-shell-";
const CACHE = `${PREFIX}${__SHELL_VERSION__}`;
/** The cached page: "/" (wrangler redirects /index.html to it; a redirect cannot answer a page). */
const PAGE = "/";
const PATHS: readonly string[] = __SHELL__;
const SHELL = new Set(PATHS);

export async function cacheShell(): Promise<void> {
  const cache = await caches.open(CACHE);
  await cache.addAll([...PATHS]);
}

/** Drops the caches of earlier versions. */
export async function dropOldCaches(): Promise<void> {
  for (const name of await caches.keys()) {
    if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
  }
}

/** The answer to a request, or null to leave it to the network untouched. */
export function answer(request: Request): Promise<Response> | null {
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return null;
  if (url.pathname.startsWith("/api/")) return null;
  if (request.mode === "navigate") return networkFirst(request);
  if (url.pathname.startsWith("/assets/") || SHELL.has(url.pathname)) return cacheFirst(request);
  return null;
}

async function networkFirst(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (error) {
    const cached = await caches.match(PAGE, { cacheName: CACHE });
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request: Request): Promise<Response> {
  const cached = await caches.match(request, { cacheName: CACHE });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    void caches.open(CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}
