/**
 * The user's device log, client side: each logged frame of the session socket applied in
 * useq order (messages through RoomOrder, read marks, room and notification settings,
 * messages hidden for the user), and what a `message_ref` or a `resync` names that this
 * device lacks paged from history first, with later frames held back meanwhile. The cursor
 * moves only past what was applied; a catch-up that fails closes the session socket, so
 * that reconnecting asks again from the old cursor.
 */
import {
  CLIENT_CLOSE,
  type DeviceLogFrame,
  type MessageRefFrame,
  type PrefsFrame,
  type ResyncFrame,
  type RoomSummary,
} from "../protocol";
import type { ApiClient } from "./api";
import type { ChatEvent } from "./chat-client";
import type { ChatConnection } from "./connection";
import type { SyncCursor } from "./cursor";
import { fillGaps } from "./gaps";
import type { ReadMarks } from "./reads";
import type { RoomOrder } from "./room-order";
import type { RoomStreams } from "./room-streams";

/** What the log works with, all owned by the ChatClient. */
export interface DeviceLogParts {
  api: ApiClient;
  cursor: SyncCursor;
  reads: ReadMarks;
  order: RoomOrder;
  streams: RoomStreams;
  /** The session socket while it is up. */
  connection(): ChatConnection | null;
  emit(event: ChatEvent): void;
}

export class DeviceLog {
  /** Rooms refused for good (the user left): not paged or opened until the log names them. */
  readonly gone = new Set<string>();
  /** Catch-ups (resync, missed messages) failed in a row: the reconnect waits longer each. */
  failedCatchUps = 0;
  /** Frames that arrive while a catch-up fills gaps wait here, so order is kept. */
  private held: DeviceLogFrame[] | null = null;

  constructor(private readonly parts: DeviceLogParts) {}

  /** A frame of the user's log, applied in order (held while a gap is being paged). */
  logged(frame: DeviceLogFrame): void {
    if (this.held) {
      this.held.push(frame);
      return;
    }
    switch (frame.type) {
      case "message":
        this.gone.delete(frame.room.id); // in the user's log: a member again
        this.parts.order.deliver(frame.room, frame.message);
        break;
      case "message_ref":
        // Sent whole on the room socket; if that copy never came, page it from history.
        if (frame.seq > this.parts.order.lastSeq(frame.roomId)) {
          void this.fetchMissed(frame);
          return;
        }
        break;
      case "read":
        this.onRead(frame.roomId, frame.readSeq, frame.unreadCount);
        break;
      case "room_prefs":
        this.parts.emit({ type: "muted", roomId: frame.roomId, muted: frame.muted });
        this.parts.emit({ type: "hidden", roomId: frame.roomId, hidden: frame.hidden === true });
        break;
      case "message_hidden":
        this.parts.emit({ type: "message_hidden", roomId: frame.roomId, seq: frame.seq });
        break;
      case "prefs":
        this.emitPrefs(frame);
        break;
    }
    this.parts.cursor.advance(frame.useq);
  }

  private onRead(roomId: string, readSeq: number, unreadCount: number, upTo?: number): void {
    this.parts.reads.confirm(roomId, readSeq);
    this.parts.emit({ type: "read", roomId, readSeq, unreadCount, ...(upTo ? { upTo } : {}) });
  }

  /** A reference to a message this device never got whole: page history up to it. */
  private async fetchMissed(frame: MessageRefFrame): Promise<void> {
    // Not now: reconnecting replays from the cursor, this reference included.
    await this.fill(
      this.parts.connection(),
      "could not page a missed message",
      frame.useq,
      async () => {
        const room = await this.parts.streams.describe(frame.roomId);
        if (room) await this.page([{ room, lastSeq: frame.seq }]);
        else this.leave(frame.roomId);
      },
    );
  }

  /** Pages each room's history after what this device has, then moves to the new cursor. */
  async resync(connection: ChatConnection, frame: ResyncFrame): Promise<void> {
    // Could not fill the gap now: reconnecting will ask again from the old cursor.
    await this.fill(connection, "resync failed", frame.cursor, () => {
      this.emitPrefs(frame);
      for (const { room, readSeq, unreadCount, muted, lastSeq, membership } of frame.rooms) {
        this.onRead(room.id, readSeq, unreadCount, lastSeq);
        this.parts.emit({ type: "muted", roomId: room.id, muted });
        // The server says who is in: a room left is asked nothing, one rejoined is again.
        if (membership === "left") this.leave(room.id);
        else this.gone.delete(room.id);
      }
      if (frame.inboxCursor) this.parts.emit({ type: "more_rooms", cursor: frame.inboxCursor });
      return this.page(frame.rooms);
    });
  }

  /**
   * Runs `paging` with the log's frames held back, so order is kept; then moves the cursor to
   * `useq` and lets the held frames through. When paging fails, the connection is closed.
   */
  private async fill(
    connection: ChatConnection | null,
    reason: string,
    useq: number,
    paging: () => Promise<void>,
  ): Promise<void> {
    this.held = [];
    try {
      await paging();
      this.failedCatchUps = 0;
      this.parts.cursor.advance(useq);
      const held = this.held;
      this.held = null;
      for (const later of held) this.logged(later);
    } catch {
      this.held = null;
      this.failedCatchUps += 1;
      connection?.close(CLIENT_CLOSE, reason);
    }
  }

  /** Pages history after what this device has, up to each room's `lastSeq`. */
  private page(rooms: { room: RoomSummary; lastSeq: number }[]): Promise<void> {
    const readable = rooms.filter(({ room }) => !this.gone.has(room.id));
    return fillGaps(this.parts.api, readable, {
      newestSeen: (roomId) => this.parts.order.lastSeq(roomId),
      deliver: (room, message) => this.parts.order.deliver(room, message),
      unreadable: (roomId) => this.leave(roomId),
    });
  }

  /** The room refused this user for good: stop asking it anything, and say so. */
  leave(roomId: string): void {
    this.gone.add(roomId);
    this.parts.streams.close(roomId);
    this.parts.emit({ type: "left", roomId });
  }

  /** The user's notification settings, from a `prefs` event or a resync. */
  private emitPrefs({
    doNotDisturbUntil,
    previews,
  }: Pick<PrefsFrame, "doNotDisturbUntil" | "previews">) {
    this.parts.emit({ type: "prefs", doNotDisturbUntil, previews });
  }
}
