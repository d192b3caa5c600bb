/**
 * The SDK's OutboxStore in IndexedDB: a message written while offline (or in the moment
 * before a reload) is still queued when the page opens again, and goes out with its original
 * clientMsgId, so the server stores it once however often it is sent. A message with files
 * keeps them, and the id of each once it is uploaded, so each is uploaded once.
 */
import type { OutboxStore, PendingFile, PendingMessage } from "../../../src/client";
import { committed, done, openDatabase, userRange } from "./idb";

/** A kept file: its bytes (a Blob, as IndexedDB keeps them), its key and type. */
function isFile(value: unknown): value is PendingFile {
  if (typeof value !== "object" || value === null) return false;
  const f = value as Record<string, unknown>;
  return (
    f.blob instanceof Blob &&
    typeof f.key === "string" &&
    typeof f.type === "string" &&
    (f.thumb === null || f.thumb instanceof Blob)
  );
}

function isPending(value: unknown): value is PendingMessage {
  if (typeof value !== "object" || value === null) return false;
  const m = value as Record<string, unknown>;
  return (
    typeof m.roomId === "string" &&
    typeof m.clientMsgId === "string" &&
    typeof m.body === "string" &&
    typeof m.createdAt === "number" &&
    (m.files === undefined || (Array.isArray(m.files) && m.files.every(isFile)))
  );
}

export class IdbOutboxStore implements OutboxStore {
  constructor(
    private readonly userId: string,
    private readonly databaseName?: string,
  ) {}

  async load(): Promise<PendingMessage[]> {
    const db = await openDatabase(this.databaseName);
    const rows = await done(
      db.transaction("outbox").objectStore("outbox").getAll(userRange(this.userId)),
    );
    // Records from an older version that do not fit are skipped, never sent half-formed.
    return rows.filter(isPending);
  }

  async put(message: PendingMessage): Promise<void> {
    // Files go with their bytes (IndexedDB keeps Blobs) and, once uploaded, their ids.
    const { roomId, clientMsgId, body, createdAt, files } = message;
    const record = { roomId, clientMsgId, body, createdAt, ...(files ? { files } : {}) };
    await this.write((store) => store.put(record, [this.userId, clientMsgId]));
  }

  async delete(clientMsgId: string): Promise<void> {
    await this.write((store) => store.delete([this.userId, clientMsgId]));
  }

  private async write(change: (store: IDBObjectStore) => void): Promise<void> {
    const db = await openDatabase(this.databaseName);
    const tx = db.transaction("outbox", "readwrite");
    change(tx.objectStore("outbox"));
    await committed(tx);
  }
}
