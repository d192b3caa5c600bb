/** Re-rendering on store changes, and a small history-based router. */
import { useEffect, useReducer, useState } from "preact/hooks";
import type { ChatStore } from "../state/chat-store";

/** Re-renders the component whenever the store changes (at most once a frame). */
export function useStore(store: ChatStore | null): void {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (!store) return;
    let frame = 0;
    const unsubscribe = store.subscribe(() => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        bump(1);
      });
    });
    return () => {
      cancelAnimationFrame(frame);
      unsubscribe();
    };
  }, [store]);
}

const NAVIGATED = "edge-chat:navigate";

export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  dispatchEvent(new Event(NAVIGATED));
}

/** The current path, following links, back and forward. */
export function usePath(): string {
  return useLocation(() => location.pathname);
}

/** The current query (`?q=…`), following links, back and forward. */
export function useQuery(): URLSearchParams {
  return new URLSearchParams(useLocation(() => location.search));
}

function useLocation(read: () => string): string {
  const [path, setPath] = useState(read);
  useEffect(() => {
    const update = () => setPath(read());
    addEventListener("popstate", update);
    addEventListener(NAVIGATED, update);
    // A screen's own effects run before this one: one that navigated at once (a link that
    // forwards) did so before anyone listened.
    update();
    return () => {
      removeEventListener("popstate", update);
      removeEventListener(NAVIGATED, update);
    };
  }, []);
  return path;
}

/**
 * A link such as `/#/objects/<id>`, for a page elsewhere that cannot link to a path, opens
 * `/objects/<id>`: on load, and when only the hash changes in an open tab.
 */
export function followHashRoutes(): void {
  const follow = () => {
    if (location.hash.startsWith("#/")) navigate(location.hash.slice(1), true);
  };
  follow();
  addEventListener("hashchange", follow);
}

/** An in-app link: a real <a href> (keyboard, new tab) that navigates without a reload. */
export function onLink(event: MouseEvent): void {
  const anchor = event.currentTarget as HTMLAnchorElement;
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  navigate(anchor.pathname + anchor.search);
}
