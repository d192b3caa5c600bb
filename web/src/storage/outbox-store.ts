/**
 * The SDK's OutboxStore in IndexedDB: a message written while offline (or in the moment
 * before a reload) is still queued when the page opens again, and goes out with its original
 * clientMsgId, so the server stores it once however often it is sent. A message with files
 * keeps them, and the id of each once it is uploaded, so each is uploaded once: the files'
 * bytes (Blobs, which IndexedDB keeps) in a store of their own, written once, and the
 * message with what is known of each file, written at every change.
 */
import type { OutboxStore, PendingFile, PendingMessage } from "../../../src/client";
import { REACTION_EMOJI } from "../../../src/protocol";
import { committed, done, openDatabase, userRange } from "./idb";

const FILES = "outbox-files";

/** A file as kept with its message: all but its bytes. */
type KeptFile = Omit<PendingFile, "blob" | "thumb"> & { hasThumb: boolean };

/** A file's bytes, kept once. */
interface Bytes {
  blob: Blob;
  thumb: Blob | null;
}

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

/** A queued change to a message, as kept (src/client/outbox.ts). */
function isChange(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const c = value as Record<string, unknown>;
  if (typeof c.target !== "number") return false;
  switch (c.kind) {
    case "edit":
      return typeof c.body === "string";
    case "delete":
      return true;
    case "reaction":
      return (REACTION_EMOJI as readonly unknown[]).includes(c.emoji) && typeof c.on === "boolean";
    default:
      return false;
  }
}

function isPending(value: unknown): value is PendingMessage {
  if (typeof value !== "object" || value === null) return false;
  const m = value as Record<string, unknown>;
  return (
    typeof m.roomId === "string" &&
    typeof m.clientMsgId === "string" &&
    typeof m.body === "string" &&
    typeof m.createdAt === "number" &&
    (m.replyTo === undefined || typeof m.replyTo === "number") &&
    (m.change === undefined || isChange(m.change)) &&
    (m.files === undefined || (Array.isArray(m.files) && m.files.every(isFile)))
  );
}

/** A kept message with its files' bytes put back (a file whose bytes are gone fails the check). */
function withBytes(row: unknown, bytes: Map<string, Bytes>): unknown {
  const message = row as { clientMsgId?: unknown; files?: unknown };
  if (!Array.isArray(message?.files)) return row;
  const files = (message.files as KeptFile[]).map(({ hasThumb, ...file }) => {
    const kept = bytes.get(`${message.clientMsgId}\n${file.key}`);
    return { ...file, blob: kept?.blob, thumb: hasThumb ? kept?.thumb : null };
  });
  return { ...message, files };
}

export class IdbOutboxStore implements OutboxStore {
  /** Files whose bytes are stored already, by `clientMsgId\nkey`. */
  private readonly written = new Set<string>();

  constructor(
    private readonly userId: string,
    private readonly databaseName?: string,
  ) {}

  async load(): Promise<PendingMessage[]> {
    const db = await openDatabase(this.databaseName);
    const tx = db.transaction(["outbox", FILES]);
    const range = userRange(this.userId);
    const [rows, keys, values] = await Promise.all([
      done(tx.objectStore("outbox").getAll(range)),
      done(tx.objectStore(FILES).getAllKeys(range)),
      done(tx.objectStore(FILES).getAll(range)),
    ]);
    const bytes = new Map<string, Bytes>();
    keys.forEach((key, i) => {
      if (!Array.isArray(key)) return;
      const id = `${key[1]}\n${key[2]}`;
      bytes.set(id, values[i] as Bytes);
      this.written.add(id);
    });
    // Records from an older version that do not fit are skipped, never sent half-formed.
    return rows.map((row) => withBytes(row, bytes)).filter(isPending);
  }

  async put(message: PendingMessage): Promise<void> {
    const { roomId, clientMsgId, body, createdAt, files, replyTo, change } = message;
    const kept = files?.map(({ blob: _, thumb, ...file }) => ({ ...file, hasThumb: !!thumb }));
    const record = {
      roomId,
      clientMsgId,
      body,
      createdAt,
      ...(kept ? { files: kept } : {}),
      ...(replyTo !== undefined ? { replyTo } : {}),
      ...(change ? { change } : {}),
    };
    const fresh = (files ?? []).filter((f) => !this.written.has(`${clientMsgId}\n${f.key}`));
    // Counted as written at once, so a change that follows does not write them again.
    for (const { key } of fresh) this.written.add(`${clientMsgId}\n${key}`);
    try {
      await this.write((tx) => {
        tx.objectStore("outbox").put(record, [this.userId, clientMsgId]);
        for (const { key, blob, thumb } of fresh) {
          tx.objectStore(FILES).put({ blob, thumb }, [this.userId, clientMsgId, key]);
        }
      });
    } catch (error) {
      for (const { key } of fresh) this.written.delete(`${clientMsgId}\n${key}`);
      throw error;
    }
  }

  async delete(clientMsgId: string): Promise<void> {
    await this.write((tx) => {
      tx.objectStore("outbox").delete([this.userId, clientMsgId]);
      tx.objectStore(FILES).delete(
        IDBKeyRange.bound([this.userId, clientMsgId], [this.userId, clientMsgId, []]),
      );
    });
  }

  private async write(change: (tx: IDBTransaction) => void): Promise<void> {
    const db = await openDatabase(this.databaseName);
    const tx = db.transaction(["outbox", FILES], "readwrite");
    change(tx);
    await committed(tx);
  }
}
