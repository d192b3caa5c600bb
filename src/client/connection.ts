/**
 * The socket half of the SDK: one WebSocket to the caller's UserSession object, frames
 * matched to requests by `id`/`ref`, heartbeats at the interval the server asks for, each
 * with a deadline for its answer (heartbeat.ts).
 */
import {
  CLIENT_CLOSE,
  type ClientFrame,
  type ErrorFrame,
  HEARTBEAT_PING,
  HEARTBEAT_PONG,
  type RoomOpenFrame,
  type ServerFrame,
  type WelcomeFrame,
} from "../protocol";
import type { ApiClient } from "./api";
import { ChatApiError } from "./errors";
import { Heartbeat } from "./heartbeat";

export interface ConnectOptions {
  /** Defaults to the global `WebSocket` (browsers, Node 22+). */
  WebSocket?: typeof WebSocket;
  /** Opens the socket some other way (tests inside workerd); may return it already open. */
  openSocket?: (url: string) => WebSocket | Promise<WebSocket>;
  /** How long to wait for the socket to open. */
  openTimeoutMs?: number;
  /** How long a request waits for its answer before failing with `network_error`. */
  requestTimeoutMs?: number;
  /**
   * How long a heartbeat `ping` waits for an answer (`pong` or any frame) before the socket
   * is taken for dead and closed, so the client reconnects: `HEARTBEAT_ANSWER_MS` (5 s).
   */
  heartbeatAnswerMs?: number;
}

/** At most this many frames wait for a first listener (a connection used for requests only). */
const EARLY_FRAMES_MAX = 1_000;

type Listener = (frame: ServerFrame) => void;
interface Pending {
  resolve(frame: ServerFrame): void;
  reject(error: Error): void;
}

/**
 * @example
 * ```ts
 * const conn = await ChatConnection.open(api);
 * const welcome = await conn.hello(savedCursor);
 * conn.onFrame((frame) => console.log(frame.type));
 * ```
 */
export class ChatConnection {
  /** Resolves when the socket has closed, with the server's code and reason. */
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly listeners = new Set<Listener>();
  private readonly pending = new Map<string, Pending>();
  private nextId = 1;
  private readonly heartbeat: Heartbeat;
  private isClosed = false;
  /** Frames that came before any listener: handed to the first one, in order. */
  private early: ServerFrame[] | null = [];
  /** Takes a frame before the listeners do (the room socket's `room_open`). */
  private first: ((frame: ServerFrame) => boolean) | null = null;
  private finish: (code: number, reason: string) => void = () => undefined;

  private constructor(
    private readonly ws: WebSocket,
    private readonly requestTimeoutMs: number,
    heartbeatAnswerMs: number | undefined,
  ) {
    this.heartbeat = new Heartbeat(
      {
        ping: () => this.ws.send(HEARTBEAT_PING),
        dead: () => this.close(CLIENT_CLOSE, "heartbeat timeout"),
      },
      heartbeatAnswerMs,
    );
    this.closed = new Promise((resolve) => {
      this.finish = (code, reason) => {
        if (this.isClosed) return;
        this.isClosed = true;
        this.heartbeat.stop();
        for (const waiter of this.pending.values()) {
          waiter.reject(new ChatApiError(0, "network_error", `socket closed (${code})`));
        }
        this.pending.clear();
        resolve({ code, reason });
      };
    });
    ws.addEventListener("close", (event) => this.finish(event.code, event.reason));
    ws.addEventListener("message", (event) => this.receive(event.data));
  }

  /** Gets a ticket with the signed-in session and opens the socket. */
  static async open(api: ApiClient, options: ConnectOptions = {}): Promise<ChatConnection> {
    const ticket = await api.socketTicket();
    return ChatConnection.openAt(api, ticket.url, options);
  }

  /**
   * Opens a room socket: the room's messages straight from it, as `live` frames after a
   * first `room_open` (which starts the heartbeat). Refused (`network_error`) for a
   * non-member.
   */
  static async openRoom(
    api: ApiClient,
    roomId: string,
    options: ConnectOptions = {},
  ): Promise<{ connection: ChatConnection; open: RoomOpenFrame }> {
    const { ticket } = await api.socketTicket();
    const path = `/api/socket/rooms/${encodeURIComponent(roomId)}?ticket=${encodeURIComponent(ticket)}`;
    const connection = await ChatConnection.openAt(api, path, options);
    const open = await new Promise<RoomOpenFrame>((resolve, reject) => {
      const timer = setTimeout(() => {
        connection.close();
        reject(new ChatApiError(0, "network_error", "room socket did not open in time"));
      }, options.openTimeoutMs ?? 10_000);
      connection.closed.then(({ code }) => {
        clearTimeout(timer);
        reject(new ChatApiError(0, "network_error", `room socket refused (${code})`));
      });
      // The first frame on a room socket; later frames wait for the caller's listeners.
      connection.first = (frame) => {
        if (frame.type !== "room_open") return false;
        clearTimeout(timer);
        connection.heartbeat.start(frame.heartbeatIntervalMs);
        resolve(frame);
        return true;
      };
    });
    return { connection, open };
  }

  private static async openAt(
    api: ApiClient,
    path: string,
    options: ConnectOptions,
  ): Promise<ChatConnection> {
    // Concatenate rather than resolve, so a base URL with a path prefix keeps it.
    const url = new URL(`${api.baseUrl}${path}`);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    const ws = options.openSocket
      ? await options.openSocket(url.toString())
      : new (options.WebSocket ?? WebSocket)(url.toString());
    const connection = new ChatConnection(
      ws,
      options.requestTimeoutMs ?? 15_000,
      options.heartbeatAnswerMs,
    );
    if (ws.readyState === 1) return connection;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        ws.close();
        reject(new ChatApiError(0, "network_error", "socket did not open in time"));
      }, options.openTimeoutMs ?? 10_000);
      ws.addEventListener("open", () => {
        clearTimeout(timer);
        resolve();
      });
      ws.addEventListener("close", (event) => {
        clearTimeout(timer);
        reject(new ChatApiError(0, "network_error", `socket refused (${event.code})`));
      });
    });
    return connection;
  }

  /** Introduces this device with its cursor; the answer starts the heartbeat. */
  async hello(cursor = 0): Promise<WelcomeFrame> {
    const frame = await this.request({ type: "hello", cursor });
    if (frame.type !== "welcome") throw new Error(`expected welcome, got ${frame.type}`);
    this.heartbeat.start(frame.heartbeatIntervalMs);
    return frame;
  }

  /** Subscribes to every frame; returns the unsubscribe function. */
  onFrame(listener: Listener): () => void {
    this.listeners.add(listener);
    const early = this.early;
    this.early = null;
    for (const frame of early ?? []) listener(frame);
    return () => this.listeners.delete(listener);
  }

  /** True until the socket closes. */
  get isOpen(): boolean {
    // 1 is OPEN in every WebSocket implementation (browsers, Node, workerd).
    return !this.isClosed && this.ws.readyState === 1;
  }

  /** Sends a frame and resolves with the server frame that answers it (by `ref`). */
  request(frame: ClientFrame): Promise<ServerFrame> {
    if (!this.isOpen) {
      return Promise.reject(new ChatApiError(0, "network_error", "socket is not open"));
    }
    const id = frame.id ?? `c${this.nextId++}`;
    return new Promise((resolve, reject) => {
      // An answer that never comes (a lost frame, a stuck object) must not hang the caller.
      const timer = setTimeout(() => {
        if (!this.pending.delete(id)) return;
        reject(new ChatApiError(0, "network_error", `no answer to ${frame.type} in time`));
      }, this.requestTimeoutMs);
      this.pending.set(id, {
        resolve: (answer) => {
          clearTimeout(timer);
          resolve(answer);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.ws.send(JSON.stringify({ ...frame, id }));
    });
  }

  /** Sends a frame that gets no answer (such as `cursor`); false if the socket is not open. */
  notify(frame: ClientFrame): boolean {
    if (!this.isOpen) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  /**
   * Checks the socket now (the network changed, the page woke): a ping whose answer must
   * come within the heartbeat's deadline, else the socket closes and the client reconnects.
   */
  probe(): void {
    if (this.isOpen) this.heartbeat.probe();
  }

  /**
   * Closes the socket. It counts as closed at once (`closed` resolves): over a dead network
   * the browser's own close event may wait a minute for the server's half of the handshake.
   */
  close(code = 1000, reason = "client closed"): void {
    this.heartbeat.stop();
    this.ws.close(code, reason);
    this.finish(code, reason);
  }

  private receive(data: unknown): void {
    if (this.isClosed) return; // closed by this side: what still comes is not read
    this.heartbeat.heard();
    if (typeof data !== "string" || data === HEARTBEAT_PONG) return;
    let frame: ServerFrame;
    try {
      frame = JSON.parse(data) as ServerFrame;
    } catch {
      return;
    }
    if (this.first?.(frame)) {
      this.first = null;
      return;
    }
    const ref = "ref" in frame ? frame.ref : undefined;
    const waiter = ref ? this.pending.get(ref) : undefined;
    if (ref && waiter) {
      this.pending.delete(ref);
      if (frame.type === "error") waiter.reject(toError(frame));
      else waiter.resolve(frame);
    }
    if (this.early && this.early.length < EARLY_FRAMES_MAX) this.early.push(frame);
    else if (this.early)
      this.early = null; // nobody listens: stop holding frames
    else for (const listener of this.listeners) listener(frame);
  }
}

function toError(frame: ErrorFrame): ChatApiError {
  return new ChatApiError(0, frame.code, frame.message);
}
