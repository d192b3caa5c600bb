/**
 * A client's read marks: what the user has read, sent to the server until a `read` event
 * confirms it (again after every reconnect), skipped when it could not move the watermark,
 * and dropped when the room refuses it for good.
 */
import type { ErrorFrame } from "../protocol";
import type { ChatConnection } from "./connection";
import { FINAL_CODES } from "./errors";

export class ReadMarks {
  /** Marks not yet confirmed, per room. */
  private readonly pending = new Map<string, number>();
  /** The watermark per room as the server last said it. */
  private readonly confirmed = new Map<string, number>();
  /** Frame ids of marks in flight, to match a refusal to its room. */
  private readonly refs = new Map<string, string>();
  private nextRef = 1;

  /** Records a mark and sends it now if `connection` is given. */
  mark(connection: ChatConnection | null, roomId: string, seq: number): void {
    const known = Math.max(this.pending.get(roomId) ?? 0, this.confirmed.get(roomId) ?? 0);
    if (seq <= known) return; // would not move: nothing to send
    this.pending.set(roomId, seq);
    if (connection) this.send(connection, roomId, seq);
  }

  list(): { roomId: string; seq: number }[] {
    return [...this.pending].map(([roomId, seq]) => ({ roomId, seq }));
  }

  /** After a (re)connect: sends every unconfirmed mark again. */
  resume(connection: ChatConnection): void {
    for (const [roomId, seq] of this.pending) this.send(connection, roomId, seq);
  }

  /** The server's word on a room's watermark (a `read` event or a resync). */
  confirm(roomId: string, readSeq: number): void {
    this.confirmed.set(roomId, Math.max(readSeq, this.confirmed.get(roomId) ?? 0));
    if (readSeq >= (this.pending.get(roomId) ?? 0)) this.pending.delete(roomId);
  }

  /** Handles an error frame if it answers a mark; false if it is not one of ours. */
  refused(frame: ErrorFrame): boolean {
    const roomId = frame.ref ? this.refs.get(frame.ref) : undefined;
    if (!frame.ref || roomId === undefined) return false;
    this.refs.delete(frame.ref);
    if (FINAL_CODES.has(frame.code)) this.pending.delete(roomId);
    return true;
  }

  private send(connection: ChatConnection, roomId: string, seq: number): void {
    const id = `read${this.nextRef++}`;
    if (this.refs.size > 1_000) this.refs.clear();
    this.refs.set(id, roomId);
    connection.notify({ type: "read", id, roomId, seq });
  }
}
