/**
 * Room sockets, client side: while a room is watched (shown), a second socket to its
 * ChatRoom object brings each new message straight from the room and takes the device's
 * sends to it. The session socket still carries everything else, and sends references for
 * what came this way. A room socket that
 * drops or is refused is tried again with a growing pause while the room is watched; one
 * closed because the user left the room (4004) is not, and neither is one refused because
 * the user is not a member (a browser cannot see the upgrade's 404, so a refusal is
 * followed by one look at the room's details, whose 404 settles it).
 */
import {
  type ChatMessage,
  CLOSE,
  type RoomDetails,
  type RoomSummary,
  type ServerFrame,
} from "../protocol";
import type { ApiClient } from "./api";
import { ChatConnection, type ConnectOptions } from "./connection";
import { isFinal } from "./errors";
import { RoomsApi } from "./rooms-api";

const RETRY_BASE_MS = 1_000;
const RETRY_MAX_MS = 30_000;

export interface StreamHandlers {
  /** A message straight from the room. */
  live(room: RoomSummary, message: ChatMessage): void;
  /** The user is not (or no longer) a member: the room's socket is not tried again. */
  gone(roomId: string): void;
}

interface Stream {
  connection: ChatConnection | null;
  attempt: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class RoomStreams {
  private readonly streams = new Map<string, Stream>();
  private readonly summaries = new Map<string, RoomSummary>();
  /** Asks a room's details after a refusal. */
  private readonly rooms: RoomsApi;

  constructor(
    private readonly api: ApiClient,
    private readonly options: ConnectOptions,
    private readonly handlers: StreamHandlers,
  ) {
    this.rooms = new RoomsApi(api);
  }

  /** Opens the room's socket unless it is open or opening. */
  open(roomId: string): void {
    if (this.streams.has(roomId)) return;
    const stream: Stream = { connection: null, attempt: 0, timer: undefined };
    this.streams.set(roomId, stream);
    void this.connect(roomId, stream);
  }

  close(roomId: string): void {
    const stream = this.streams.get(roomId);
    if (!stream) return;
    this.streams.delete(roomId);
    if (stream.timer !== undefined) clearTimeout(stream.timer);
    stream.connection?.close(1000, "room closed");
  }

  /** After the session reconnected (the network is back): retry waiting rooms now. */
  resume(): void {
    for (const [roomId, stream] of this.streams) {
      if (stream.connection || stream.timer === undefined) continue;
      clearTimeout(stream.timer);
      stream.timer = undefined;
      void this.connect(roomId, stream);
    }
  }

  /** Pings each open room socket now (see `ChatConnection.probe`). */
  probe(): void {
    for (const stream of this.streams.values()) stream.connection?.probe();
  }

  stop(): void {
    for (const roomId of [...this.streams.keys()]) this.close(roomId);
  }

  /** The room's socket while it is open (sends to the room go there), else null. */
  connection(roomId: string): ChatConnection | null {
    return this.streams.get(roomId)?.connection ?? null;
  }

  /**
   * The room as its socket last described it or, when none of its sockets did (one closed
   * before its `room_open`, or was never opened here), as its details say. Null when the
   * room refuses this user for good; other failures are thrown.
   */
  async describe(roomId: string): Promise<RoomSummary | null> {
    const known = this.summaries.get(roomId);
    if (known) return known;
    let details: RoomDetails;
    try {
      details = await this.rooms.details(roomId);
    } catch (error) {
      if (isFinal(error)) return null;
      throw error;
    }
    const { id, kind, title, card } = details;
    const room: RoomSummary = card ? { id, kind, title, card } : { id, kind, title };
    this.summaries.set(roomId, room);
    return room;
  }

  private async connect(roomId: string, stream: Stream): Promise<void> {
    let code = 0;
    let opened = false;
    try {
      const { connection, open } = await ChatConnection.openRoom(this.api, roomId, this.options);
      // Kept even when the room was closed meanwhile: the session may name a message that
      // came on this socket before it closed, and paging it needs the room (`describe`).
      this.summaries.set(roomId, open.room);
      if (this.streams.get(roomId) !== stream) {
        connection.close(1000, "room closed");
        return;
      }
      opened = true;
      stream.connection = connection;
      stream.attempt = 0;
      connection.onFrame((frame: ServerFrame) => {
        if (frame.type !== "live") return;
        this.summaries.set(roomId, frame.room);
        this.handlers.live(frame.room, frame.message);
      });
      code = (await connection.closed).code;
    } catch {
      // Refused or unreachable: try again below while the room is still shown.
    }
    stream.connection = null;
    if (this.streams.get(roomId) !== stream) return;
    if (code === CLOSE.notMember || (!opened && (await this.refused(roomId)))) {
      if (this.streams.get(roomId) !== stream) return;
      this.streams.delete(roomId);
      this.handlers.gone(roomId);
      return;
    }
    const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** stream.attempt++);
    stream.timer = setTimeout(() => {
      stream.timer = undefined;
      if (this.streams.get(roomId) === stream) void this.connect(roomId, stream);
    }, delay);
  }

  /** After a socket that never opened: true when the room refuses this user for good. */
  private async refused(roomId: string): Promise<boolean> {
    try {
      await this.rooms.details(roomId);
      return false;
    } catch (error) {
      return isFinal(error);
    }
  }
}
