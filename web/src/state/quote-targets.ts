/**
 * The messages replies quote. A target is shown from the client's own copy when it holds
 * one (the room's run, or a message of mine not yet in it); otherwise it can be loaded on
 * request, one message from history, and is kept in a small cache of its own. Loaded
 * targets never join the timeline: the run stays consecutive (see timeline.ts).
 */
import type { ChatMessage } from "../../../src/protocol";

/** How a reply's target can be shown now. */
export type Quote =
  /** Held in the room's run: shown, and the timeline can scroll to it. */
  | { status: "held"; message: ChatMessage }
  /** Loaded for the quote alone: shown, not in the timeline. */
  | { status: "loaded"; message: ChatMessage }
  /** Not held here: it can be loaded. */
  | { status: "unloaded" }
  | { status: "loading" }
  /** The request failed (offline, or no longer a member): it can be tried again. */
  | { status: "failed" }
  /** The room has no message at that seq to show. */
  | { status: "unavailable" };

type Kept = Exclude<Quote, { status: "held" } | { status: "unloaded" }>;

export interface QuoteSource {
  /** The client's own copy of a room's message, if it holds one. */
  held(roomId: string, seq: number): ChatMessage | undefined;
  /** History from the seq after `after` on, at most `limit` messages. */
  history(roomId: string, after: number, limit: number): Promise<readonly ChatMessage[]>;
  changed(): void;
}

/** Loaded targets kept at most; the oldest loaded goes first. */
export const QUOTES_KEPT = 200;

const keyOf = (roomId: string, seq: number) => `${roomId} ${seq}`;

export class QuoteTargets {
  private readonly kept = new Map<string, Kept>();

  constructor(
    private readonly source: QuoteSource,
    private readonly max = QUOTES_KEPT,
  ) {}

  /** The message `seq` of the room, as a reply's quote can show it now. */
  of(roomId: string, seq: number): Quote {
    const held = this.source.held(roomId, seq);
    if (held) return { status: "held", message: held };
    return this.kept.get(keyOf(roomId, seq)) ?? { status: "unloaded" };
  }

  /** Loads the message `seq` of the room for quotes (once at a time; again after a failure). */
  async load(roomId: string, seq: number): Promise<void> {
    const now = this.of(roomId, seq).status;
    if (now !== "unloaded" && now !== "failed") return;
    this.keep(roomId, seq, { status: "loading" });
    let next: Kept;
    try {
      const page = await this.source.history(roomId, seq - 1, 1);
      const message = page.find((m) => m.seq === seq);
      next = message ? { status: "loaded", message } : { status: "unavailable" };
    } catch {
      next = { status: "failed" };
    }
    this.keep(roomId, seq, next);
  }

  private keep(roomId: string, seq: number, quote: Kept): void {
    const key = keyOf(roomId, seq);
    this.kept.delete(key); // re-inserted: the newest in the map's order
    this.kept.set(key, quote);
    for (const oldest of this.kept.keys()) {
      if (this.kept.size <= this.max) break;
      this.kept.delete(oldest);
    }
    this.source.changed();
  }
}
