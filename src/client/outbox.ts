/**
 * Messages sent but not yet acknowledged. Each is kept in a pluggable store from the moment
 * it is queued until the server answers for it, so a page that reloads (or a tab that closes)
 * sends it again on the next start with the same clientMsgId: the server stores it once.
 */
import type { Attachment, MediaType, MessageChange, SendResult } from "../protocol";
import type { ChatApiError } from "./errors";

/** A file to send: its bytes as they will be uploaded, and what is said of it. */
export interface FileToSend {
  /** An image already resized by the app, or the file as it is. */
  blob: Blob;
  type: MediaType;
  name: string | null;
  /** An image's size in pixels; null for other files. */
  width: number | null;
  height: number | null;
  /** A small image of it, uploaded first (`thumb=`); null for none. */
  thumb: Blob | null;
}

/**
 * A file of a queued message, as kept with it: once uploaded, `uploaded` is the file as the
 * message will carry it, so a reload or a reconnect never uploads it again.
 */
export interface PendingFile extends FileToSend {
  /** Names the file within its message (to cancel it). */
  key: string;
  /** The thumbnail's id once it is uploaded, before its image is. */
  thumbId: string | null;
  uploaded: Attachment | null;
}

/** A queued message, as kept in an OutboxStore. */
export interface PendingMessage {
  roomId: string;
  clientMsgId: string;
  body: string;
  /** When it was queued (ms since the epoch), for ordering and display. */
  createdAt: number;
  /** Files it carries, uploaded before it is sent; absent for a text message. */
  files?: PendingFile[];
  /** The seq of the earlier message of the room it quotes; absent if none. */
  replyTo?: number;
  /**
   * Not a message but a change to one (an edit, a delete, a reaction), queued and sent again
   * like one; `body` is then the edit's new text, else "".
   */
  change?: MessageChange;
}

/** A file on its way, with the bytes of it sent so far in this run. */
export interface OutboxFile extends PendingFile {
  loaded: number;
}

/** A queued message and how many times it has gone out (more than one: a retry). */
export interface OutboxItem extends Omit<PendingMessage, "files"> {
  attempts: number;
  files?: OutboxFile[];
}

/** Where a device keeps unsent messages. Browsers use IndexedDB so they survive reloads. */
export interface OutboxStore {
  load(): Promise<PendingMessage[]>;
  put(message: PendingMessage): Promise<void>;
  delete(clientMsgId: string): Promise<void>;
}

/** For Node and tests: forgets everything when the process ends. */
export class MemoryOutboxStore implements OutboxStore {
  private readonly messages = new Map<string, PendingMessage>();
  async load() {
    return [...this.messages.values()];
  }
  async put(message: PendingMessage) {
    this.messages.set(message.clientMsgId, message);
  }
  async delete(clientMsgId: string) {
    this.messages.delete(clientMsgId);
  }
}

interface Waiter {
  resolve(result: SendResult): void;
  reject(error: ChatApiError): void;
}

interface Entry extends PendingMessage {
  attempts: number;
  waiters: Waiter[];
  /** Bytes of each file sent so far in this run, by key (not stored). */
  loaded: Map<string, number>;
}

export class Outbox {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly store: OutboxStore,
    private readonly changed: (items: OutboxItem[]) => void,
  ) {}

  /** Adds what the store kept from an earlier run; entries queued since are kept as they are. */
  async restore(): Promise<void> {
    let saved: PendingMessage[];
    try {
      saved = await this.store.load();
    } catch {
      return; // storage unavailable: only this run's messages are queued
    }
    let added = false;
    for (const message of saved.sort((a, b) => a.createdAt - b.createdAt)) {
      if (this.entries.has(message.clientMsgId)) continue;
      const files = message.files?.map((f) => ({ ...f }));
      const entry = { ...message, ...(files ? { files } : {}) };
      this.entries.set(message.clientMsgId, {
        ...entry,
        attempts: 0,
        waiters: [],
        loaded: new Map(),
      });
      added = true;
    }
    if (added) this.notify();
  }

  /** Queues a message (or, for a clientMsgId already queued, waits for the same answer). */
  add(message: PendingMessage, waiter: Waiter): void {
    const queued = this.entries.get(message.clientMsgId);
    if (queued) {
      queued.waiters.push(waiter);
      return;
    }
    const files = message.files?.map((f) => ({ ...f }));
    const entry = {
      ...message,
      ...(files ? { files } : {}),
      attempts: 0,
      waiters: [waiter],
      loaded: new Map<string, number>(),
    };
    this.entries.set(message.clientMsgId, entry);
    this.save(entry);
    this.notify();
  }

  /** The files of a queued message not uploaded yet, in order. */
  toUpload(clientMsgId: string): PendingFile[] {
    return this.entries.get(clientMsgId)?.files?.filter((f) => f.uploaded === null) ?? [];
  }

  /** The ids of a queued message's files, once every one is uploaded; else null. */
  attachmentIds(clientMsgId: string): string[] | null {
    const files = this.entries.get(clientMsgId)?.files;
    if (!files) return null;
    const ids = files.map((f) => f.uploaded?.id);
    return ids.every((id) => id !== undefined) ? (ids as string[]) : null;
  }

  /** Records what is known of a file now (its thumbnail's id, the upload), and keeps it. */
  fileChanged(clientMsgId: string, key: string, change: Partial<PendingFile>): void {
    const entry = this.entries.get(clientMsgId);
    const file = entry?.files?.find((f) => f.key === key);
    if (!entry || !file) return;
    Object.assign(file, change);
    this.save(entry);
    this.notify();
  }

  /** Bytes of a file sent so far (shown as progress; not stored). */
  progress(clientMsgId: string, key: string, loaded: number): void {
    const entry = this.entries.get(clientMsgId);
    if (!entry) return;
    entry.loaded.set(key, loaded);
    this.notify();
  }

  /**
   * Takes a file out of a queued message. A message left with no file is dropped, caption
   * and all, and its sender hears `error`: nothing of it is sent. Returns whether it was.
   */
  dropFile(clientMsgId: string, key: string, error: ChatApiError): boolean {
    const entry = this.entries.get(clientMsgId);
    if (!entry?.files) return false;
    entry.files = entry.files.filter((f) => f.key !== key);
    if (entry.files.length === 0) return this.fail(clientMsgId, error);
    this.save(entry);
    this.notify();
    return false;
  }

  has(clientMsgId: string): boolean {
    return this.entries.has(clientMsgId);
  }

  /** The room a queued message is for, or undefined once it is answered. */
  roomOf(clientMsgId: string): string | undefined {
    return this.entries.get(clientMsgId)?.roomId;
  }

  /** Queued ids, oldest first: the order they were written in is the order they go out. */
  ids(): string[] {
    return this.list().map((m) => m.clientMsgId);
  }

  /** Counts one more transmission and returns the entry, or undefined once it is answered. */
  attempt(clientMsgId: string): Readonly<PendingMessage> | undefined {
    const entry = this.entries.get(clientMsgId);
    if (!entry) return undefined;
    entry.attempts += 1;
    this.notify();
    return entry;
  }

  /** The server stored it. Returns false if it was already answered. */
  settle(clientMsgId: string, result: SendResult): boolean {
    return this.finish(clientMsgId, (waiter) => waiter.resolve(result));
  }

  /** The server refused it for good. Returns false if it was already answered. */
  fail(clientMsgId: string, error: ChatApiError): boolean {
    return this.finish(clientMsgId, (waiter) => waiter.reject(error));
  }

  /** Unanswered messages, oldest first. */
  list(): OutboxItem[] {
    return [...this.entries.values()]
      .map(
        ({ roomId, clientMsgId, body, createdAt, attempts, files, loaded, replyTo, change }) => ({
          roomId,
          clientMsgId,
          body,
          createdAt,
          attempts,
          ...(replyTo !== undefined ? { replyTo } : {}),
          ...(change ? { change } : {}),
          ...(files
            ? {
                files: files.map((f) => ({
                  ...f,
                  loaded: f.uploaded ? f.blob.size : (loaded.get(f.key) ?? 0),
                })),
              }
            : {}),
        }),
      )
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Keeps a message as it is now; in memory for this run regardless. */
  private save({ roomId, clientMsgId, body, createdAt, files, replyTo, change }: Entry): void {
    const message: PendingMessage = { roomId, clientMsgId, body, createdAt };
    if (files) message.files = files.map((f) => ({ ...f }));
    if (replyTo !== undefined) message.replyTo = replyTo;
    if (change) message.change = change;
    this.store.put(message).catch(() => undefined);
  }

  private finish(clientMsgId: string, answer: (waiter: Waiter) => void): boolean {
    const entry = this.entries.get(clientMsgId);
    if (!entry) return false;
    this.entries.delete(clientMsgId);
    this.store.delete(clientMsgId).catch(() => undefined); // a leftover is resent, deduplicated
    for (const waiter of entry.waiters) answer(waiter);
    this.notify();
    return true;
  }

  private notify(): void {
    this.changed(this.list());
  }
}
