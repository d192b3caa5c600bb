/**
 * File links as a screen needs them: asked for in batches (one request per burst of ids
 * wanted), and reused until shortly before they expire, so an `<img src>` keeps its URL and
 * the browser its cached bytes. A file the server left out (not the caller's to see) is not
 * asked for again for a while.
 */
import type { MediaLink } from "../protocol";

export interface LinkCacheOptions {
  /** Asks the server for links (`MediaApi.links`). */
  fetchLinks: (ids: string[]) => Promise<MediaLink[]>;
  /** New links arrived: re-render. */
  changed: () => void;
  now?: () => number;
  /** How long ids wanted together wait for one request, in ms. */
  batchMs?: number;
  /** A link is replaced this long before it expires (at most a quarter of its life), ms. */
  marginMs?: number;
  /** A file left out, or a request that failed, is asked again after this long, ms. */
  retryMs?: number;
}

interface Held {
  url: string;
  /** When to ask for a new one. */
  renewAt: number;
  expiresAt: number;
}

export class LinkCache {
  private readonly links = new Map<string, Held>();
  /** Ids asked for, or refused, with when they may be asked again. */
  private readonly waiting = new Map<string, number>();
  private queued = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly now: () => number;

  constructor(private readonly options: LinkCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * The file's link while it serves, else null; either way a new one is asked for (with the
   * ids wanted at the same moment) when none is held or it is about to expire.
   */
  url(id: string): string | null {
    const held = this.links.get(id);
    const now = this.now();
    if (!held || now >= held.renewAt) this.want(id, now);
    return held && now < held.expiresAt ? held.url : null;
  }

  /** Drops every link (the user signed out). */
  clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.links.clear();
    this.waiting.clear();
    this.queued = new Set();
  }

  private want(id: string, now: number): void {
    const until = this.waiting.get(id);
    if (until !== undefined && now < until) return;
    this.waiting.set(id, Number.POSITIVE_INFINITY); // asked: not again until answered
    this.queued.add(id);
    if (this.timer === undefined) {
      this.timer = setTimeout(() => void this.ask(), this.options.batchMs ?? 10);
    }
  }

  private async ask(): Promise<void> {
    this.timer = undefined;
    const ids = [...this.queued];
    this.queued = new Set();
    const retryAt = this.now() + (this.options.retryMs ?? 60_000);
    let links: MediaLink[];
    try {
      links = await this.options.fetchLinks(ids);
    } catch {
      for (const id of ids) this.waiting.set(id, retryAt);
      return;
    }
    const now = this.now();
    const margin = this.options.marginMs ?? 5 * 60_000;
    for (const id of ids) this.waiting.set(id, retryAt); // left out: not the caller's to see
    for (const link of links) {
      const life = Math.max(0, link.expiresAt - now);
      const renewAt = link.expiresAt - Math.min(margin, life / 4);
      this.links.set(link.id, { url: link.url, renewAt, expiresAt: link.expiresAt });
      this.waiting.delete(link.id);
    }
    if (links.length > 0) this.options.changed();
  }
}
