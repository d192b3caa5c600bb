/**
 * The offline cache: the inbox, the names of people in it, and each room's newest messages,
 * shown at once when the app opens and then brought up to date from the server. Records
 * are checked as they are read: one written by an older version that does not fit is
 * dropped (the server has the truth), never shown half-formed.
 */
import type { ChatMessage, InboxEntry, PublicUser } from "../../../src/protocol";
import { committed, done, openDatabase, userRange } from "./idb";

/** Messages kept per room: a screenful and more; older ones load from the server. */
export const CACHED_MESSAGES_PER_ROOM = 100;

export interface CachedChats {
  rooms: InboxEntry[];
  people: PublicUser[];
  messages: Map<string, ChatMessage[]>;
}

type Shape = Record<string, "string" | "number" | "boolean">;

function fits(value: unknown, shape: Shape): boolean {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return Object.entries(shape).every(([key, type]) => typeof record[key] === type);
}

const MESSAGE: Shape = {
  roomId: "string",
  seq: "number",
  kind: "string",
  body: "string",
  createdAt: "number",
};
const ROOM: Shape = {
  id: "string",
  kind: "string",
  lastSeq: "number",
  unreadCount: "number",
  readSeq: "number",
  lastActivityAt: "number",
  muted: "boolean",
};
const PERSON: Shape = { id: "string", username: "string", displayName: "string" };

const isMessage = (m: unknown): m is ChatMessage => fits(m, MESSAGE);
const isRoom = (r: unknown): r is InboxEntry =>
  fits(r, ROOM) &&
  ((r as InboxEntry).lastMessage === null || isMessage((r as InboxEntry).lastMessage));
const isPerson = (p: unknown): p is PublicUser => fits(p, PERSON);
const list = <T>(value: unknown, check: (item: unknown) => item is T): T[] =>
  Array.isArray(value) ? value.filter(check) : [];

export class ChatCache {
  constructor(
    private readonly userId: string,
    private readonly databaseName?: string,
  ) {}

  async load(): Promise<CachedChats> {
    const db = await openDatabase(this.databaseName);
    const tx = db.transaction(["rooms", "people", "messages"]);
    const [rooms, people, keys, values] = await Promise.all([
      done(tx.objectStore("rooms").get(this.userId)),
      done(tx.objectStore("people").get(this.userId)),
      done(tx.objectStore("messages").getAllKeys(userRange(this.userId))),
      done(tx.objectStore("messages").getAll(userRange(this.userId))),
    ]);
    const messages = new Map<string, ChatMessage[]>();
    keys.forEach((key, i) => {
      const roomId = Array.isArray(key) ? key[1] : undefined;
      const kept = list(values[i], isMessage).filter((m) => m.roomId === roomId);
      if (typeof roomId === "string" && kept.length > 0) messages.set(roomId, kept);
    });
    return { rooms: list(rooms, isRoom), people: list(people, isPerson), messages };
  }

  async saveRooms(rooms: InboxEntry[], people: PublicUser[]): Promise<void> {
    await this.write(["rooms", "people"], (tx) => {
      tx.objectStore("rooms").put(rooms, this.userId);
      tx.objectStore("people").put(people, this.userId);
    });
  }

  /** Keeps the room's newest CACHED_MESSAGES_PER_ROOM messages. */
  async saveMessages(roomId: string, messages: ChatMessage[]): Promise<void> {
    const newest = messages.slice(-CACHED_MESSAGES_PER_ROOM);
    await this.write(["messages"], (tx) => {
      tx.objectStore("messages").put(newest, [this.userId, roomId]);
    });
  }

  /** Forgets everything of this user (sign-out on a shared browser). */
  async clear(): Promise<void> {
    const stores = ["rooms", "people", "messages", "outbox", "outbox-files", "cursors"];
    await this.write(stores, (tx) => {
      tx.objectStore("rooms").delete(this.userId);
      tx.objectStore("people").delete(this.userId);
      tx.objectStore("cursors").delete(this.userId);
      tx.objectStore("messages").delete(userRange(this.userId));
      tx.objectStore("outbox").delete(userRange(this.userId));
      tx.objectStore("outbox-files").delete(userRange(this.userId));
    });
  }

  private async write(stores: string[], change: (tx: IDBTransaction) => void): Promise<void> {
    const db = await openDatabase(this.databaseName);
    const tx = db.transaction(stores, "readwrite");
    change(tx);
    await committed(tx);
  }
}
