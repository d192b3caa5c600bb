/**
 * The web client's IndexedDB database: one per browser profile, shared by every account
 * signed in on it (records are keyed by user id). Each entry of UPGRADES moves the schema
 * one version on; a new store means a new entry, never an edit to an old one.
 */
export const DATABASE_NAME = "edge-chat";

const UPGRADES: ((db: IDBDatabase) => void)[] = [
  // v1: the sync cursor per user (the last useq this browser processed).
  (db) => {
    db.createObjectStore("cursors");
  },
  // v2: the offline cache and the outbox. rooms and people: one record per user; messages:
  // [userId, roomId] → the room's newest messages; outbox: [userId, clientMsgId] → unsent.
  (db) => {
    db.createObjectStore("rooms");
    db.createObjectStore("people");
    db.createObjectStore("messages");
    db.createObjectStore("outbox");
  },
  // v3: the bytes of unsent messages' files, [userId, clientMsgId, fileKey] → { blob, thumb },
  // apart from their message, so that each change to it does not write them again.
  (db) => {
    db.createObjectStore("outbox-files");
  },
];

export type StoreName = "cursors" | "rooms" | "people" | "messages" | "outbox" | "outbox-files";

/** Every [userId, ...] key of a user, for the stores keyed that way. */
export function userRange(userId: string): IDBKeyRange {
  return IDBKeyRange.bound([userId], [userId, []]);
}

/** Resolves with a request's result, or rejects with its error. */
export function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB request failed"));
  });
}

/** Resolves when a transaction commits; rejects if it aborts. */
export function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction aborted"));
    tx.onerror = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
  });
}

const opened = new Map<string, Promise<IDBDatabase>>();

/** Opens (once per page) and upgrades the database. */
export function openDatabase(name = DATABASE_NAME): Promise<IDBDatabase> {
  let db = opened.get(name);
  if (!db) {
    db = new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, UPGRADES.length);
      request.onupgradeneeded = (event) => {
        for (let v = event.oldVersion; v < UPGRADES.length; v++) UPGRADES[v]?.(request.result);
      };
      request.onsuccess = () => {
        const result = request.result;
        // Another tab upgrading the schema: step aside so it can, and reopen next time.
        result.onversionchange = () => {
          result.close();
          opened.delete(name);
        };
        resolve(result);
      };
      request.onerror = () => reject(request.error ?? new Error("IndexedDB open failed"));
      request.onblocked = () => reject(new Error("IndexedDB upgrade blocked by another tab"));
    });
    db.catch(() => opened.delete(name));
    opened.set(name, db);
  }
  return db;
}
