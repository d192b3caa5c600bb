/**
 * The reconnecting chat client: keeps one socket up (exponential backoff with jitter),
 * resends unacknowledged messages with their original clientMsgId after every reconnect,
 * drops repeats by (room, seq), remembers its cursor in a pluggable store, and fills gaps
 * from history when the server answers `resync`.
 */
import {
  type ChatMessage,
  CLIENT_CLOSE,
  LIMITS,
  type MessageChange,
  type ReactionEmoji,
  type RoomSummary,
  type SendResult,
  type ServerFrame,
  type WatchingFrame,
} from "../protocol";
import type { ApiClient } from "./api";
import { ChatConnection, type ConnectOptions } from "./connection";
import { type CursorStore, MemoryCursorStore, SyncCursor } from "./cursor";
import { DeviceLog } from "./device-log";
import { ChatApiError } from "./errors";
import { type LiveEvent, LiveSignals } from "./live";
import { MediaApi, type UploadTransport } from "./media-api";
import {
  type FileToSend,
  MemoryOutboxStore,
  Outbox,
  type OutboxItem,
  type OutboxStore,
  type PendingMessage,
} from "./outbox";
import { ReadMarks } from "./reads";
import { RoomOrder } from "./room-order";
import { RoomStreams } from "./room-streams";
import { Sender } from "./sender";
import { Uploads } from "./uploads";

export type ChatEvent =
  | { type: "message"; room: RoomSummary; message: ChatMessage }
  | { type: "status"; status: "connecting" | "online" | "offline" | "stopped" }
  | { type: "sent"; result: SendResult }
  | { type: "failed"; clientMsgId: string; roomId: string; error: ChatApiError }
  /**
   * The user's read state in a room moved, on this device or another: set the badge. The
   * count covers the messages delivered so far, or, after a resync, those up to `upTo`
   * (which are delivered next and must not be counted again).
   */
  | { type: "read"; roomId: string; readSeq: number; unreadCount: number; upTo?: number }
  /** The user muted or unmuted a room (on any device). */
  | { type: "muted"; roomId: string; muted: boolean }
  /** The user hid a room from the inbox until its next message, or showed it, on any device. */
  | { type: "hidden"; roomId: string; hidden: boolean }
  /**
   * The user deleted the message at `seq` for themselves, on any device: show it no more.
   * History pages give it with `hidden: true` from now on.
   */
  | { type: "message_hidden"; roomId: string; seq: number }
  /** The user's notification settings (on any device). */
  | { type: "prefs"; doNotDisturbUntil: number | null; previews: boolean }
  /**
   * The user is no longer a member of the room (they left or were removed), found when its
   * history or its socket was refused for good: show it as left, with what the device
   * holds. The client asks the room nothing more until it hears of the user again there.
   */
  | { type: "left"; roomId: string }
  /**
   * A resync listed only the most recently active rooms: the rest, with their read state,
   * mute and last seq, come from `RoomsApi.inbox({ cursor })`, page by page. The catch-up
   * pages no history for them; a room brings its own up to date when opened.
   */
  | { type: "more_rooms"; cursor: string }
  /** The unsent messages changed: one queued, sent again, answered or restored. */
  | { type: "outbox"; pending: OutboxItem[] }
  | LiveEvent;

export interface ChatClientOptions extends ConnectOptions {
  api: ApiClient;
  cursorStore?: CursorStore;
  /** Where unsent messages wait; a persistent store resends them after a restart. */
  outboxStore?: OutboxStore;
  /** How files are uploaded: `fetch` by default (no progress); browsers may pass XHR. */
  uploadTransport?: UploadTransport;
  /** Reconnect delay: base doubles per failed attempt up to max, then ×[0.5, 1) jitter. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  random?: () => number;
}

/** Errors after which reconnecting cannot succeed. */
const SIGNED_OUT = new Set(["session_revoked", "refresh_token_reused", "unauthorized"]);

/**
 * @example
 * ```ts
 * const client = new ChatClient({ api });
 * client.on((event) => { if (event.type === "message") render(event.message); });
 * client.start();
 * const { seq } = await client.send(roomId, "안녕하세요");
 * ```
 */
export class ChatClient {
  private readonly listeners = new Set<(event: ChatEvent) => void>();
  private readonly outbox: Outbox;
  /** Puts queued messages on the right socket, and tries them again. */
  private readonly sender: Sender;
  /** Uploads the files of queued messages before they go out. */
  private readonly uploads: Uploads;
  /** Uploads and file links, over the same session and transport. */
  readonly media: MediaApi;
  private connection: ChatConnection | null = null;
  private readonly cursor: SyncCursor;
  private stopped = true;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** The user's log as this device applies it, with its catch-ups. */
  private readonly log: DeviceLog;
  private readonly reads = new ReadMarks();
  private readonly live = new LiveSignals(
    (event) => this.emit(event),
    () => this.connection,
  );
  /** Rooms open on their own socket. */
  private readonly streams: RoomStreams;
  /** Each room's messages once each, in seq order, from the log, history and room sockets. */
  private readonly order = new RoomOrder((room, message) => {
    this.live.messageFrom(room.id, message.senderId);
    this.emit({ type: "message", room, message });
  });

  constructor(private readonly options: ChatClientOptions) {
    this.cursor = new SyncCursor(options.cursorStore ?? new MemoryCursorStore(), (cursor) =>
      this.connection?.notify({ type: "cursor", cursor }),
    );
    this.outbox = new Outbox(options.outboxStore ?? new MemoryOutboxStore(), (pending) =>
      this.emit({ type: "outbox", pending }),
    );
    this.streams = new RoomStreams(options.api, options, {
      live: (room, message) => this.order.live(room, message),
      gone: (roomId) => this.log.leave(roomId),
    });
    this.log = new DeviceLog({
      api: options.api,
      cursor: this.cursor,
      reads: this.reads,
      order: this.order,
      streams: this.streams,
      connection: () => this.connection,
      emit: (event) => this.emit(event),
    });
    this.media = new MediaApi(options.api, options.uploadTransport);
    this.uploads = new Uploads({
      outbox: this.outbox,
      media: this.media,
      ready: (clientMsgId) => this.sender.transmit(clientMsgId),
      failed: (clientMsgId, error) => {
        const roomId = this.outbox.roomOf(clientMsgId);
        if (roomId === undefined) return;
        this.emit({ type: "failed", clientMsgId, roomId, error });
        this.outbox.fail(clientMsgId, error);
      },
    });
    this.sender = new Sender({
      upload: (clientMsgId) => this.uploads.start(clientMsgId),
      outbox: this.outbox,
      roomSocket: (roomId) => this.streams.connection(roomId),
      sessionSocket: () => this.connection,
      stopped: () => this.stopped,
      sent: (result) => this.emit({ type: "sent", result }),
      failed: (clientMsgId, roomId, error) =>
        this.emit({ type: "failed", clientMsgId, roomId, error }),
    });
  }

  on(listener: (event: ChatEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Connects and stays connected until `stop()`. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.connection?.close(1000, "client stopped");
    this.wake?.();
    await this.loop;
    this.sender.stop();
    this.uploads.stop();
    this.live.stop();
    this.streams.stop();
    this.emit({ type: "status", status: "stopped" });
  }

  /** Messages sent but not yet acknowledged, oldest first. */
  pending(): OutboxItem[] {
    return this.outbox.list();
  }

  /**
   * Tells the client this device already has a room's messages up to `seq` (from its own
   * cache, say), so a `resync` pages only what comes after.
   */
  remember(roomId: string, seq: number): void {
    this.order.remember(roomId, seq);
  }

  /** Skips the rest of the reconnect delay (the network came back, or the user asked). */
  reconnectNow(): void {
    this.wake?.();
  }

  /**
   * Queues a message; it goes out now if connected, else after the next connect, and again
   * after every reconnect until acknowledged. Resolves with the stored seq.
   */
  send(
    roomId: string,
    body: string,
    clientMsgId: string = crypto.randomUUID(),
  ): Promise<SendResult> {
    return this.queue({ roomId, clientMsgId, body, createdAt: Date.now() });
  }

  /**
   * Queues a reply: a message that quotes the room's message `replyTo` (its seq), kept and
   * sent again as {@link send} does. A target that cannot be quoted is refused for good
   * (`invalid_target`).
   */
  reply(
    roomId: string,
    replyTo: number,
    body: string,
    clientMsgId: string = crypto.randomUUID(),
  ): Promise<SendResult> {
    return this.queue({ roomId, clientMsgId, body, replyTo, createdAt: Date.now() });
  }

  /**
   * Queues an edit of the user's message `seq` (its new text), kept and sent again as
   * {@link send} does; refused for good past `EDIT_WINDOW_SECONDS` (`edit_window_closed`),
   * for another's message (`forbidden`) or a deleted one (`target_deleted`). Resolves with
   * the `edit` event's seq.
   */
  edit(roomId: string, seq: number, body: string): Promise<SendResult> {
    return this.change(roomId, { kind: "edit", target: seq, body }, body);
  }

  /** Queues a delete for everyone of message `seq` (the user's own, or as a group's admin). */
  deleteMessage(roomId: string, seq: number): Promise<SendResult> {
    return this.change(roomId, { kind: "delete", target: seq });
  }

  /**
   * Queues putting (`on`) or taking back an emoji (one of `REACTION_EMOJI`) under message
   * `seq`. Resolves `duplicate` when it was already so.
   */
  react(roomId: string, seq: number, emoji: ReactionEmoji, on: boolean): Promise<SendResult> {
    return this.change(roomId, { kind: "reaction", target: seq, emoji, on });
  }

  private change(roomId: string, change: MessageChange, body = ""): Promise<SendResult> {
    const clientMsgId = crypto.randomUUID();
    return this.queue({ roomId, clientMsgId, body, change, createdAt: Date.now() });
  }

  private queue(message: PendingMessage): Promise<SendResult> {
    return new Promise((resolve, reject) => {
      this.outbox.add(message, { resolve, reject });
      this.sender.transmit(message.clientMsgId);
    });
  }

  /**
   * Queues a message with files (1 to `LIMITS.attachmentsMax`) and a caption, which may be
   * empty. While a socket is up, its files are uploaded (each thumbnail first), then it is
   * sent with their ids; offline, it waits with its files in the outbox store. Each file is
   * uploaded once, and the message stored once, across reconnects and restarts. It goes
   * out when its files are up, so a text sent after it may be stored before it. Resolves
   * with the stored seq; rejects `aborted` when every file was cancelled. With `replyTo`, it
   * quotes that earlier message of the room, as {@link reply} does.
   *
   * @example
   * ```ts
   * await client.sendFiles(roomId, [{ blob, type: "image/jpeg", name: "cat.jpg",
   *   width: 2048, height: 1536, thumb: small }], "the view from here");
   * ```
   */
  sendFiles(
    roomId: string,
    files: readonly FileToSend[],
    caption = "",
    clientMsgId: string = crypto.randomUUID(),
    replyTo?: number,
  ): Promise<SendResult> {
    if (files.length === 0 || files.length > LIMITS.attachmentsMax) {
      const message = `a message has 1 to ${LIMITS.attachmentsMax} files`;
      return Promise.reject(new ChatApiError(0, "validation_failed", message));
    }
    const pending = files.map((file, i) => ({
      ...file,
      key: String(i),
      thumbId: null,
      uploaded: null,
    }));
    return new Promise((resolve, reject) => {
      const message: PendingMessage = {
        roomId,
        clientMsgId,
        body: caption,
        createdAt: Date.now(),
        files: pending,
        ...(replyTo !== undefined ? { replyTo } : {}),
      };
      this.outbox.add(message, { resolve, reject });
      this.sender.transmit(clientMsgId);
    });
  }

  /**
   * Cancels one file of a queued message before it is uploaded (its `key` in `pending()`).
   * A message left with no file is dropped: nothing of it is sent.
   */
  cancelFile(clientMsgId: string, key: string): void {
    this.uploads.cancel(clientMsgId, key);
  }

  /**
   * Marks a room read up to `seq`. Every device of the user, this one included, then gets a
   * `read` event with the new unread count. Marks made offline go out on the next connect.
   */
  markRead(roomId: string, seq: number): void {
    this.reads.mark(this.connection, roomId, seq);
  }

  /** Read marks not yet confirmed by the server, per room. */
  pendingReads(): { roomId: string; seq: number }[] {
    return this.reads.list();
  }

  /**
   * Watches a room's live signals (members' presence, typing, receipts) until `unwatch`,
   * renewing the lease as needed. Resolves with the members' presence once connected.
   */
  watch(roomId: string): Promise<WatchingFrame | null> {
    return this.live.watch(roomId);
  }

  unwatch(roomId: string): void {
    this.live.unwatch(roomId);
  }

  /**
   * The room is on screen: until `closeRoom`, its new messages come straight from the room
   * on a socket of their own (reopened if it drops), ahead of the session's batch. They are
   * still emitted once each, in seq order, as `message` events.
   */
  openRoom(roomId: string): void {
    if (!this.stopped && !this.log.gone.has(roomId)) this.streams.open(roomId);
  }

  closeRoom(roomId: string): void {
    this.streams.close(roomId);
    this.order.closed(roomId);
  }

  /** Tells the room's watchers this user is typing (throttled) or stopped. */
  typing(roomId: string, active = true): void {
    this.live.typing(roomId, active);
  }

  /**
   * Checks the sockets now (the browser says the network went or the page woke): each must
   * answer a ping within `heartbeatAnswerMs`, else it closes and the client reconnects.
   */
  checkConnection(): void {
    this.connection?.probe();
    this.streams.probe();
  }

  /** Closes the current socket as a network failure would (for tests and "retry now"). */
  dropConnection(): void {
    this.connection?.close(CLIENT_CLOSE, "dropped by client");
  }

  private async run(): Promise<void> {
    await this.cursor.load();
    await this.outbox.restore();
    let attempt = 0;
    while (!this.stopped) {
      this.emit({ type: "status", status: "connecting" });
      try {
        const connection = await ChatConnection.open(this.options.api, this.options);
        attempt = 0;
        connection.onFrame((frame) => this.receive(connection, frame));
        const welcome = await connection.hello(this.cursor.value);
        this.live.typingIntervalMs = welcome.typingIntervalMs;
        this.connection = connection;
        this.emit({ type: "status", status: "online" });
        for (const id of this.outbox.ids()) this.sender.transmit(id);
        this.reads.resume(connection);
        this.live.resume(connection);
        this.streams.resume();
        await connection.closed;
      } catch (error) {
        if (error instanceof ChatApiError && SIGNED_OUT.has(error.code)) {
          this.stopped = true;
          break;
        }
      } finally {
        this.connection = null;
      }
      if (this.stopped) break;
      this.emit({ type: "status", status: "offline" });
      // A connection that opened but could not catch up is no success: back off as for one
      // that never opened, or a catch-up that keeps failing would reconnect at full speed.
      await this.sleep(this.backoff(Math.max(attempt++, this.log.failedCatchUps)));
    }
  }

  private backoff(attempt: number): number {
    const base = this.options.backoffBaseMs ?? 500;
    const max = this.options.backoffMaxMs ?? 30_000;
    const random = this.options.random ?? Math.random;
    return Math.min(max, base * 2 ** attempt) * (0.5 + random() / 2);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private receive(connection: ChatConnection, frame: ServerFrame): void {
    if (
      frame.type === "message" ||
      frame.type === "read" ||
      frame.type === "room_prefs" ||
      frame.type === "message_hidden" ||
      frame.type === "prefs" ||
      frame.type === "message_ref"
    ) {
      this.log.logged(frame);
    } else if (frame.type === "resync") void this.log.resync(connection, frame);
    else if (frame.type === "presence" || frame.type === "typing" || frame.type === "receipt") {
      this.live.receive(frame);
    } else if (frame.type === "error" && this.reads.refused(frame)) {
      // A refused read mark: handled (dropped if final, else sent again on reconnect).
    }
  }

  private emit(event: ChatEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
