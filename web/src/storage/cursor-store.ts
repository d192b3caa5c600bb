/**
 * The SDK's CursorStore kept in IndexedDB, so a reload resumes from the last processed
 * event instead of a full resync. Tabs of one browser share it; the cursor only moves
 * forward, so a tab that is behind never winds back another's progress.
 */
import type { CursorStore } from "../../../src/client";
import { committed, done, openDatabase } from "./idb";

export class IdbCursorStore implements CursorStore {
  constructor(
    private readonly userId: string,
    private readonly databaseName?: string,
  ) {}

  /** The saved cursor, or 0 (a full resync) when there is none or storage is unavailable. */
  async load(): Promise<number> {
    try {
      const db = await openDatabase(this.databaseName);
      const value = await done(db.transaction("cursors").objectStore("cursors").get(this.userId));
      return typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? value : 0;
    } catch {
      return 0;
    }
  }

  async save(cursor: number): Promise<void> {
    const db = await openDatabase(this.databaseName);
    const tx = db.transaction("cursors", "readwrite");
    const store = tx.objectStore("cursors");
    const current = await done(store.get(this.userId));
    if (typeof current !== "number" || cursor > current) store.put(cursor, this.userId);
    await committed(tx);
  }

  /** Forgets the cursor (sign-out), so the next account on this browser starts clean. */
  async clear(): Promise<void> {
    const db = await openDatabase(this.databaseName);
    const tx = db.transaction("cursors", "readwrite");
    tx.objectStore("cursors").delete(this.userId);
    await committed(tx);
  }
}
