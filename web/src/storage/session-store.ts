/**
 * The signed-in session as every tab of this browser sees it at the same moment. localStorage
 * is shared too, but a tab may read another tab's write late (each keeps a copy, updated in
 * the background), which is not good enough for a single-use refresh token handed from one
 * tab to the next under a lock. IndexedDB transactions are: a read that starts after another
 * tab's write committed sees it. One record, in a database of its own.
 */
import type { AuthResult } from "../../../src/protocol";
import { committed } from "./idb";

const DATABASE = "edge-chat-session";
const STORE = "session";
const KEY = "current";

let opened: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opened ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB open failed"));
  });
  opened.catch(() => {
    opened = null;
  });
  return opened;
}

/** Runs one request in its own transaction; resolves once that transaction has committed. */
async function run<T>(
  mode: IDBTransactionMode,
  request: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await open();
  const tx = db.transaction(STORE, mode);
  const req = request(tx.objectStore(STORE));
  await committed(tx);
  return req.result;
}

/** The session, or undefined when this store has none recorded (then ask localStorage). */
export async function loadShared(): Promise<AuthResult | null | undefined> {
  const value = await run("readonly", (store) => store.get(KEY));
  if (value === undefined) return undefined;
  return (value as { session: AuthResult | null }).session;
}

export async function saveShared(session: AuthResult | null): Promise<void> {
  await run("readwrite", (store) => store.put({ session }, KEY));
}
