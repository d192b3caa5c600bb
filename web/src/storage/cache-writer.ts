/**
 * Writes what the screens hold back to the offline cache, a burst at a time: the inbox and
 * the names in it when they changed, and each room whose messages changed.
 */
import type { ChatMessage, InboxEntry, PublicUser } from "../../../src/protocol";
import type { ChatCache } from "./chat-cache";

/** Cache writes wait this long, so a burst of changes is one write. */
const SAVE_DELAY_MS = 300;

/** What there is to write, read when the write happens. */
export interface CacheSource {
  rooms(): InboxEntry[];
  people(): PublicUser[];
  messages(roomId: string): ChatMessage[];
}

export class CacheWriter {
  private roomsChanged = false;
  private readonly changedRooms = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly cache: ChatCache,
    private readonly source: CacheSource,
  ) {}

  /** The inbox or the names in it changed. */
  rooms(): void {
    this.roomsChanged = true;
    this.schedule();
  }

  /** A room's messages changed (the inbox with them). */
  room(roomId: string): void {
    this.changedRooms.add(roomId);
    this.rooms();
  }

  /** Writes what changed now (the page is going away, say). */
  readonly flush = (): void => {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.roomsChanged) {
      this.roomsChanged = false;
      this.cache.saveRooms(this.source.rooms(), this.source.people()).catch(() => undefined);
    }
    for (const roomId of this.changedRooms) {
      this.cache.saveMessages(roomId, this.source.messages(roomId)).catch(() => undefined);
    }
    this.changedRooms.clear();
  };

  /** Writes nothing more, not even what changed. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.timer !== undefined || this.stopped) return;
    this.timer = setTimeout(this.flush, SAVE_DELAY_MS);
  }
}
