/**
 * Each room's messages, emitted once each and in seq order, whichever way they arrive: the
 * session's log, history pages that fill a gap, or a room socket (which may run ahead of
 * the session). Part of the SDK client, split out to keep each file small.
 */
import type { ChatMessage, RoomSummary } from "../protocol";

/** Live messages held per room while a gap before them is filled. */
export const AHEAD_MAX = 500;

export class RoomOrder {
  /** Newest seq emitted per room: per-room delivery is ordered, so anything at or below repeats. */
  private readonly seen = new Map<string, number>();
  /** Live messages that came past a gap, per room, waiting for it to fill. */
  private readonly ahead = new Map<string, Map<number, ChatMessage>>();

  constructor(private readonly emit: (room: RoomSummary, message: ChatMessage) => void) {}

  /** The newest seq of the room this device has (0 for none). */
  lastSeq(roomId: string): number {
    return this.seen.get(roomId) ?? 0;
  }

  /** The device has the room up to `seq` already (from a cache, say): nothing to emit. */
  remember(roomId: string, seq: number): void {
    if (seq > this.lastSeq(roomId)) this.seen.set(roomId, seq);
  }

  /** A message from the session or from history: emitted unless it repeats. */
  deliver(room: RoomSummary, message: ChatMessage): void {
    if (message.seq <= this.lastSeq(room.id)) return;
    this.seen.set(room.id, message.seq);
    this.emit(room, message);
    // Live messages held for this gap may follow now, in order.
    const ahead = this.ahead.get(room.id);
    if (!ahead) return;
    for (const seq of ahead.keys()) if (seq <= message.seq) ahead.delete(seq);
    const next = ahead.get(message.seq + 1);
    if (next) this.deliver(room, next);
  }

  /**
   * A message from a room socket. The session carries what came before the socket opened,
   * so a live message past a gap waits for it (at most AHEAD_MAX a room).
   */
  live(room: RoomSummary, message: ChatMessage): void {
    const seen = this.lastSeq(room.id);
    if (message.seq <= seen) return;
    if (seen === 0 || message.seq === seen + 1) {
      this.deliver(room, message);
      return;
    }
    let ahead = this.ahead.get(room.id);
    if (!ahead) {
      ahead = new Map();
      this.ahead.set(room.id, ahead);
    }
    if (ahead.size < AHEAD_MAX) ahead.set(message.seq, message);
  }

  /** The room's socket closed: what it held past a gap is dropped (the session carries it). */
  closed(roomId: string): void {
    this.ahead.delete(roomId);
  }
}
