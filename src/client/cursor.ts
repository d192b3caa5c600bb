/**
 * The device's sync cursor: the last `useq` it processed. Saved where the device keeps it
 * (memory in Node, IndexedDB in browsers) and reported to the server, at most a few times a
 * second. Part of the SDK client, split out to keep each file small.
 */

/** Where the device keeps its cursor (the last `useq` it processed). */
export interface CursorStore {
  load(): Promise<number>;
  save(cursor: number): Promise<void>;
}

/** For Node and tests; browsers use an IndexedDB store so the cursor survives reloads. */
export class MemoryCursorStore implements CursorStore {
  constructor(private cursor = 0) {}
  async load() {
    return this.cursor;
  }
  async save(cursor: number) {
    this.cursor = cursor;
  }
}

/** How often, at most, the cursor is reported to the server. */
const REPORT_EVERY_MS = 250;

export class SyncCursor {
  private current = 0;
  private reportTimer: ReturnType<typeof setTimeout> | undefined;

  /** `report` tells the server (a no-op while offline: the next hello carries the cursor). */
  constructor(
    private readonly store: CursorStore,
    private readonly report: (cursor: number) => void,
  ) {}

  get value(): number {
    return this.current;
  }

  /** Reads the saved cursor; call before the first hello. */
  async load(): Promise<void> {
    this.current = await this.store.load();
  }

  /** Moves forward to `useq` (never back), saves it, and reports it soon. */
  advance(useq: number): void {
    if (useq <= this.current) return;
    this.current = useq;
    // A failed save costs at most a longer replay, or a resync, on the next start.
    this.store.save(useq).catch(() => undefined);
    if (this.reportTimer !== undefined) return;
    this.reportTimer = setTimeout(() => {
      this.reportTimer = undefined;
      this.report(this.current);
    }, REPORT_EVERY_MS);
  }
}
