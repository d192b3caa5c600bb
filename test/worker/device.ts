/** A test device: one real socket through the worker, collecting what the server sends. */
import type {
  AckFrame,
  AuthResult,
  ErrorFrame,
  MessageFrame,
  PresenceFrame,
  PresenceState,
  ReadStateFrame,
  ResyncFrame,
  ServerFrame,
  WelcomeFrame,
} from "../../src/protocol";
import { ticketFor, upgrade } from "./helpers";

let refCounter = 0;

export class Device {
  readonly frames: ServerFrame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: (() => void)[] = [];

  private constructor(
    readonly auth: AuthResult,
    readonly ws: WebSocket,
  ) {
    ws.addEventListener("message", (event) => {
      const text = String(event.data);
      if (text !== "pong") this.frames.push(JSON.parse(text) as ServerFrame);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => {
      ws.addEventListener("close", (event) => {
        resolve({ code: event.code, reason: event.reason });
        for (const wake of this.waiters.splice(0)) wake();
      });
    });
  }

  /** Opens a socket for the signed-in `auth` and says hello with `cursor`. */
  static async connect(auth: AuthResult, cursor = 0): Promise<Device> {
    const { url } = await ticketFor(auth.accessToken);
    const response = await upgrade(url);
    const ws = response.webSocket;
    if (response.status !== 101 || !ws) throw new Error(`upgrade failed: ${response.status}`);
    ws.accept();
    const device = new Device(auth, ws);
    const ref = `h${++refCounter}`;
    ws.send(JSON.stringify({ type: "hello", id: ref, cursor }));
    await device.waitFor((f) => f.type === "welcome" && f.ref === ref);
    return device;
  }

  /** Message frames received, in arrival order. */
  get messages(): MessageFrame[] {
    return this.frames.filter((f): f is MessageFrame => f.type === "message");
  }

  /** Text messages of one room, as [seq, body]. */
  texts(roomId: string): [number, string][] {
    return this.messages
      .filter((m) => m.message.roomId === roomId && m.message.kind === "text")
      .map((m) => [m.message.seq, m.message.body]);
  }

  get welcome(): WelcomeFrame | undefined {
    return this.frames.find((f): f is WelcomeFrame => f.type === "welcome");
  }

  get resync(): ResyncFrame | undefined {
    return this.frames.find((f): f is ResyncFrame => f.type === "resync");
  }

  /** The device's cursor: the newest useq it has seen. */
  get cursor(): number {
    return this.messages.reduce((max, m) => Math.max(max, m.useq), this.welcome?.cursor ?? 0);
  }

  /** Sends a message and resolves with its ack or error. */
  async send(
    roomId: string,
    body: string,
    clientMsgId = crypto.randomUUID(),
  ): Promise<AckFrame | ErrorFrame> {
    const ref = `s${++refCounter}`;
    this.ws.send(JSON.stringify({ type: "send", id: ref, roomId, clientMsgId, body }));
    const frame = await this.waitFor(
      (f) => (f.type === "ack" || f.type === "error") && f.ref === ref,
    );
    return frame as AckFrame | ErrorFrame;
  }

  /** `read` events (this user's read state, from any of their devices), in arrival order. */
  reads(roomId: string): ReadStateFrame[] {
    return this.frames.filter((f): f is ReadStateFrame => f.type === "read" && f.roomId === roomId);
  }

  /** Marks a room read; resolves with the `read` event it causes, or the error. */
  async read(roomId: string, seq: number): Promise<ReadStateFrame | ErrorFrame> {
    const ref = `r${++refCounter}`;
    const before = this.reads(roomId).length;
    this.ws.send(JSON.stringify({ type: "read", id: ref, roomId, seq }));
    await this.waitFor(
      (f) => (f.type === "error" && f.ref === ref) || this.reads(roomId).length > before,
    );
    const error = this.frames.find((f) => f.type === "error" && f.ref === ref);
    return (error as ErrorFrame | undefined) ?? (this.reads(roomId)[before] as ReadStateFrame);
  }

  async waitFor(
    predicate: (frame: ServerFrame) => boolean,
    timeoutMs = 4_000,
  ): Promise<ServerFrame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(predicate);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`timed out; frames: ${JSON.stringify(this.frames.slice(-5))}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  /** Waits until `count` text messages of the room have arrived. */
  async waitForTexts(
    roomId: string,
    count: number,
    timeoutMs = 4_000,
  ): Promise<[number, string][]> {
    await this.waitFor(() => this.texts(roomId).length >= count, timeoutMs);
    return this.texts(roomId);
  }

  close(): void {
    try {
      this.ws.close(1000, "done");
    } catch {
      // Already closed.
    }
  }
}

let watchRefs = 0;

/** Sends `watch` for a room; resolves with the `watching` answer or the error. */
export async function watch(device: Device, roomId: string): Promise<ServerFrame> {
  const ref = `w${++watchRefs}`;
  device.ws.send(JSON.stringify({ type: "watch", id: ref, roomId }));
  return device.waitFor((f) => (f.type === "watching" || f.type === "error") && f.ref === ref);
}

/** Presence a device heard about one user, in arrival order. */
export function presenceOf(device: Device, userId: string): PresenceState[] {
  return device.frames
    .filter((f): f is PresenceFrame => f.type === "presence")
    .flatMap((f) => f.users.filter((u) => u.userId === userId));
}
