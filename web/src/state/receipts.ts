/**
 * Read state, the user's and the members': each room's read mark and unread badge, what a
 * live message adds to the badge, and the members' read and received marks behind the
 * per-message counts. Part of ChatStore: it decides and updates the rooms held; the store
 * tells the server, saves and re-renders.
 */
import { type ChatEvent, noteMessage } from "../../../src/client";
import {
  type ChatMessage,
  countsAsUnread,
  type InboxEntry,
  type RoomMember,
} from "../../../src/protocol";
import { freshMembers, ReceiptMarks } from "./members";
import type { RoomState } from "./room-state";

type ReadEvent = Extract<ChatEvent, { type: "read" }>;
type EarlyRead = Pick<ReadEvent, "readSeq" | "unreadCount"> & { upTo: number };

export class Receipts {
  /** Read state for rooms not known yet (a resync), applied when the room appears. */
  private readonly early = new Map<string, EarlyRead>();
  private readonly marks = new ReceiptMarks();
  /**
   * Each open room's read mark as it was when the user first read it on this visit, if it had
   * unread messages then (null if not): where the timeline's divider goes.
   */
  private readonly opened = new Map<string, number | null>();

  constructor(
    private readonly rooms: Map<string, RoomState>,
    private readonly me: string,
  ) {}

  /**
   * The user has seen the room up to its newest message: the seq to tell the server, or null
   * when the read mark is there already.
   */
  read(roomId: string): number | null {
    const state = this.rooms.get(roomId);
    if (state && !this.opened.has(roomId)) {
      this.opened.set(roomId, state.entry.unreadCount > 0 ? state.entry.readSeq : null);
    }
    const newest = state?.messages.at(-1)?.seq ?? 0;
    if (!state || newest <= state.entry.readSeq) return null;
    state.entry = { ...state.entry, readSeq: newest, unreadCount: 0 };
    this.note(roomId, this.me, newest, newest);
    return newest;
  }

  /** Where the unread messages began when the open room was first read (null: none were). */
  unreadAfter(roomId: string): number | null {
    return this.opened.get(roomId) ?? null;
  }

  /** The user left the room's view: the next visit starts from its read mark then. */
  closed(roomId: string): void {
    this.opened.delete(roomId);
  }

  /** The user's read state moved, here or on another device: true if the room's entry changed. */
  onRead(event: ReadEvent): boolean {
    const { roomId, readSeq, unreadCount, upTo } = event;
    this.note(roomId, this.me, readSeq, readSeq);
    const state = this.rooms.get(roomId);
    if (!state) {
      // A room this device has not seen yet (a resync): its messages come next.
      this.early.set(roomId, { readSeq, unreadCount, upTo: upTo ?? 0 });
      return false;
    }
    // After a resync the count covers messages up to `upTo`, delivered next: the same mark
    // with that count is news; without `upTo` only a mark further on is.
    const current =
      upTo !== undefined ? readSeq >= state.entry.readSeq : readSeq > state.entry.readSeq;
    if (!current) return false;
    const lastSeq = Math.max(state.entry.lastSeq, upTo ?? 0);
    state.entry = { ...state.entry, readSeq, unreadCount, lastSeq };
    return true;
  }

  /** A room just come to this device, with the read state that arrived before it. */
  withEarlyRead(entry: InboxEntry): InboxEntry {
    const early = this.early.get(entry.id);
    if (!early) return entry;
    this.early.delete(entry.id);
    const { readSeq, unreadCount, upTo } = early;
    return { ...entry, readSeq, unreadCount, lastSeq: Math.max(entry.lastSeq, upTo) };
  }

  /**
   * A live message counts toward the badge once: what the inbox or a resync already counted
   * lies at or below the room's lastSeq (or read mark).
   */
  arrived(state: RoomState, message: ChatMessage): void {
    const counted = Math.max(state.entry.lastSeq, state.entry.readSeq);
    if (message.seq > counted && countsAsUnread(message, this.me)) {
      state.entry = { ...state.entry, unreadCount: state.entry.unreadCount + 1 };
    }
  }

  /** A member's read (and received) mark in a room moved: per-message counts follow. */
  note(roomId: string, userId: string, readSeq: number, receivedSeq: number): void {
    this.marks.note(roomId, userId, readSeq, receivedSeq);
    const state = this.rooms.get(roomId);
    if (state?.members) state.members = this.marks.apply(roomId, state.members);
  }

  /** Members from a details answer, with every mark this device has seen since kept. */
  members(state: RoomState, fresh: readonly RoomMember[]): void {
    const members = freshMembers(state.members, fresh, state.messages);
    state.members = this.marks.apply(state.entry.id, members);
  }

  /** Messages joined the room's run: each sender has read up to theirs. */
  placed(state: RoomState, messages: readonly ChatMessage[]): void {
    for (const m of messages) if (state.members) state.members = noteMessage(state.members, m);
  }
}
