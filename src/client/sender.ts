/**
 * Which socket a queued message goes out on, and when it goes out again. A room open on its
 * own socket takes its messages there (the room answers with no hop through the session);
 * otherwise the session socket does. A message with files goes out once they are uploaded
 * (./uploads.ts), with their ids. Part of ChatClient, split out to keep each file small.
 */
import type { MessageChange, SendResult } from "../protocol";
import type { ChatConnection } from "./connection";
import { ChatApiError, isFinal } from "./errors";
import type { Outbox } from "./outbox";

export interface SenderDeps {
  outbox: Outbox;
  /** The room's own socket while it is open. */
  roomSocket(roomId: string): ChatConnection | null;
  /** The session socket while it is up. */
  sessionSocket(): ChatConnection | null;
  stopped(): boolean;
  /** Uploads the files of a queued message; it is sent again once they are up. */
  upload(clientMsgId: string): void;
  sent(result: SendResult): void;
  failed(clientMsgId: string, roomId: string, error: ChatApiError): void;
}

/** The longest pause before a message refused for a passing reason goes out again. */
const RETRY_MAX_MS = 30_000;

export class Sender {
  /** Sends awaiting their answer, and on which connection. */
  private readonly inFlight = new Map<string, ChatConnection>();
  /** Per queued message, its one pending retry; cleared when it goes out again. */
  private readonly retries = new Map<string, ReturnType<typeof setTimeout>>();
  /** Room sockets that refused a send (a server from before they took sends). */
  private readonly refusing = new WeakSet<ChatConnection>();

  constructor(private readonly deps: SenderDeps) {}

  /**
   * Sends one queued message: on the room's own socket while that is open, else on the
   * session socket; not again on a connection it is already in flight on. A refusal that
   * may pass later (`internal`, `rate_limited`, no answer in time) is tried again after a
   * growing pause; one lost with its socket at once, on whichever is open then, so it keeps
   * its place before later messages. A reconnect sends everything again anyway.
   */
  transmit(clientMsgId: string): void {
    const { outbox } = this.deps;
    const roomId = outbox.roomOf(clientMsgId);
    if (roomId === undefined) return;
    const room = this.deps.roomSocket(roomId);
    const connection = room && !this.refusing.has(room) ? room : this.deps.sessionSocket();
    if (!connection || this.inFlight.get(clientMsgId) === connection) return;
    if (outbox.toUpload(clientMsgId).length > 0) {
      this.deps.upload(clientMsgId); // files first, while a socket says the network is up
      return;
    }
    const attachments = outbox.attachmentIds(clientMsgId);
    const entry = outbox.attempt(clientMsgId);
    if (!entry) return;
    this.inFlight.set(clientMsgId, connection);
    const landed = () => {
      if (this.inFlight.get(clientMsgId) === connection) this.inFlight.delete(clientMsgId);
    };
    connection
      .request(
        entry.change
          ? changeFrame(roomId, clientMsgId, entry.change)
          : {
              type: "send",
              roomId,
              clientMsgId,
              body: entry.body,
              ...(attachments ? { attachments } : {}),
              ...(entry.replyTo !== undefined ? { replyTo: entry.replyTo } : {}),
            },
      )
      .then((frame) => {
        landed();
        if (frame.type !== "ack" || !outbox.has(clientMsgId)) return; // answered before
        this.cancelRetry(clientMsgId);
        // "sent" first, so a listener can show the stored message before "outbox" drops it.
        this.deps.sent(frame);
        outbox.settle(clientMsgId, frame);
      })
      .catch((error: unknown) => {
        landed();
        if (!outbox.has(clientMsgId)) return;
        const refused = error instanceof ChatApiError ? error : null;
        if (refused?.code === "unknown_frame" && connection === room) {
          this.refusing.add(connection); // the session socket takes this room's sends
          this.retry(clientMsgId, 0);
        } else if (isFinal(refused)) {
          this.cancelRetry(clientMsgId);
          this.deps.failed(clientMsgId, roomId, refused);
          outbox.fail(clientMsgId, refused);
        } else {
          this.retry(clientMsgId, connection.isOpen ? this.pause(clientMsgId) : 0);
        }
      });
  }

  /** Drops every pending retry (the client stopped). */
  stop(): void {
    for (const timer of this.retries.values()) clearTimeout(timer);
    this.retries.clear();
  }

  /** 1 s after the first attempt, doubling with each one after, up to RETRY_MAX_MS. */
  private pause(clientMsgId: string): number {
    const attempts = this.deps.outbox.list().find((m) => m.clientMsgId === clientMsgId)?.attempts;
    return Math.min(RETRY_MAX_MS, 1_000 * 2 ** Math.max(0, (attempts ?? 1) - 1));
  }

  /** Sends a queued message again after `delay` ms, replacing any retry already set. */
  private retry(clientMsgId: string, delay: number): void {
    this.cancelRetry(clientMsgId);
    const timer = setTimeout(() => {
      this.retries.delete(clientMsgId);
      if (!this.deps.stopped()) this.transmit(clientMsgId);
    }, delay);
    this.retries.set(clientMsgId, timer);
  }

  private cancelRetry(clientMsgId: string): void {
    const timer = this.retries.get(clientMsgId);
    if (timer !== undefined) clearTimeout(timer);
    this.retries.delete(clientMsgId);
  }
}

/** The frame that asks for a queued change to a message. */
function changeFrame(roomId: string, clientMsgId: string, change: MessageChange) {
  const common = { roomId, clientMsgId, target: change.target };
  switch (change.kind) {
    case "edit":
      return { type: "edit" as const, ...common, body: change.body };
    case "delete":
      return { type: "delete" as const, ...common };
    case "reaction":
      return { type: "react" as const, ...common, emoji: change.emoji, on: change.on };
  }
}
