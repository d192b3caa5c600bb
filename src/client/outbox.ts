/**
 * Messages sent but not yet acknowledged. Each is kept in a pluggable store from the moment
 * it is queued until the server answers for it, so a page that reloads (or a tab that closes)
 * sends it again on the next start with the same clientMsgId: the server stores it once.
 */
import type { SendResult } from "../protocol";
import type { ChatApiError } from "./errors";

/** A queued message, as kept in an OutboxStore. */
export interface PendingMessage {
  roomId: string;
  clientMsgId: string;
  body: string;
  /** When it was queued (ms since the epoch), for ordering and display. */
  createdAt: number;
}

/** A queued message and how many times it has gone out (more than one: a retry). */
export interface OutboxItem extends PendingMessage {
  attempts: number;
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

interface Entry extends OutboxItem {
  waiters: Waiter[];
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
      this.entries.set(message.clientMsgId, { ...message, attempts: 0, waiters: [] });
      added = true;
    }
    if (added) this.notify();
  }

  /** Queues a message (or, for a clientMsgId already queued, waits for the same answer). */
  add(message: PendingMessage, waiter: Waiter): void {
    const entry = this.entries.get(message.clientMsgId);
    if (entry) {
      entry.waiters.push(waiter);
      return;
    }
    this.entries.set(message.clientMsgId, { ...message, attempts: 0, waiters: [waiter] });
    this.store.put(message).catch(() => undefined); // kept in memory for this run regardless
    this.notify();
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
  attempt(clientMsgId: string): PendingMessage | undefined {
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
      .map(({ roomId, clientMsgId, body, createdAt, attempts }) => ({
        roomId,
        clientMsgId,
        body,
        createdAt,
        attempts,
      }))
      .sort((a, b) => a.createdAt - b.createdAt);
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
