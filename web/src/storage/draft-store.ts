/**
 * What the user was writing in each room, kept in this browser per user: it stays while
 * they go to other rooms and across reloads, and goes when it is sent (or emptied), or when
 * they sign out. localStorage, one key a room: read at once when a composer appears, and a
 * keystroke writes one short value, not the whole set.
 */

/** The part of the Web Storage API the store uses (a Map stands in for it in tests). */
export interface DraftStorage {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const PREFIX = "edge-chat.draft";

export class DraftStore {
  private readonly prefix: string;

  constructor(
    /** Null where the browser has none (or refuses it): a draft then lasts as its field does. */
    private readonly storage: DraftStorage | null,
    userId: string,
  ) {
    this.prefix = `${PREFIX}.${userId}.`;
  }

  /** The draft of the room, or "" when there is none. */
  get(roomId: string): string {
    try {
      return this.storage?.getItem(this.prefix + roomId) ?? "";
    } catch {
      return "";
    }
  }

  /** Keeps `text` as the room's draft; blank text (spaces only) leaves none. */
  set(roomId: string, text: string): void {
    try {
      if (text.trim() === "") this.storage?.removeItem(this.prefix + roomId);
      else this.storage?.setItem(this.prefix + roomId, text);
    } catch {
      // Storage full or refused: the draft lasts as long as the field does.
    }
  }

  /** The room's draft was sent. */
  clear(roomId: string): void {
    this.set(roomId, "");
  }

  /** Forgets every draft of this user (signing out). */
  clearAll(): void {
    const storage = this.storage;
    if (!storage) return;
    try {
      const mine: string[] = [];
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i);
        if (key?.startsWith(this.prefix)) mine.push(key);
      }
      for (const key of mine) storage.removeItem(key);
    } catch {
      // Nothing to forget where storage is refused.
    }
  }
}

/** This browser's localStorage, or null where reading it throws (storage blocked). */
export function browserStorage(): DraftStorage | null {
  try {
    return (globalThis as { localStorage?: DraftStorage }).localStorage ?? null;
  } catch {
    return null;
  }
}
