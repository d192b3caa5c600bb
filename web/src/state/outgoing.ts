/**
 * The user's own messages on their way: queued and unanswered, refused for good (with the
 * reason, until retried or discarded), and stored but not yet in their room's run. Changes
 * to messages (edits, deletes, reactions) travel the same outbox: stored, each is its event;
 * refused, it is no message to retry but a notice to give (`changeRefusals`).
 */
import type { ChatApiError, FileToSend, OutboxItem } from "../../../src/client";
import type { Attachment, ChatMessage, MessageChange, SendResult } from "../../../src/protocol";
import { changeEvent, isChange } from "./pending-changes";
import { gapBefore } from "./timeline";

/** A message's id (a retry keeps its first one), and the seq of the message it replies to. */
export interface SendOptions {
  clientMsgId?: string;
  replyTo?: number;
}

export interface FailedMessage {
  roomId: string;
  clientMsgId: string;
  body: string;
  createdAt: number;
  reason: string;
  /** The refusal's code, for the reason in the reader's language (see refusals.ts). */
  code: string;
  /** Its files, to send again on retry (uploaded again: a refusal may be of them). */
  files?: FileToSend[];
  /** The seq of the message it replies to, to quote again on retry. */
  replyTo?: number;
}

/** A change to a message the server refused for good: told once, then dropped. */
export interface ChangeRefusal {
  roomId: string;
  change: MessageChange;
  code: string;
  reason: string;
}

export class Outgoing {
  /** Queued and not yet answered, oldest first (the SDK's outbox). */
  pending: OutboxItem[] = [];
  /** Refused for good. */
  failed: FailedMessage[] = [];
  /** Stored (acknowledged) messages not yet in their room's run. */
  readonly sent = new Map<string, ChatMessage>();
  /** Changes refused for good, not yet told (the room's screen tells and takes them). */
  changeRefusals: ChangeRefusal[] = [];

  constructor(private readonly me: string) {}

  /** A stored message waits here until its room's run reaches it. */
  hold(message: ChatMessage): void {
    if (message.clientMsgId) this.sent.set(message.clientMsgId, message);
  }

  /** A message is in its room's run now: it no longer waits. */
  placed(message: ChatMessage): void {
    if (message.clientMsgId) this.sent.delete(message.clientMsgId);
  }

  /**
   * An acknowledged message (or change event) as stored, from what was queued; null if it
   * was not queued here, or is a change the server found already made (nothing was stored).
   */
  stored(result: SendResult): ChatMessage | null {
    const item = this.pending.find((p) => p.clientMsgId === result.clientMsgId);
    if (!item) return null;
    const { roomId, clientMsgId, seq, createdAt } = result;
    if (isChange(item)) {
      return result.duplicate ? null : changeEvent(item, this.me, seq, createdAt);
    }
    const attachments = item.files?.map((f) => f.uploaded).filter((a): a is Attachment => !!a);
    return {
      roomId,
      seq,
      kind: attachments ? "attachment" : "text",
      senderId: this.me,
      clientMsgId,
      body: item.body,
      createdAt,
      ...(attachments ? { attachments } : {}),
      ...(item.replyTo !== undefined ? { replyTo: item.replyTo } : {}),
    };
  }

  /**
   * The server stored a message queued here: it is returned when it goes into its room's
   * run now (the run reaches the seq before it); else it waits until the run does. Null when
   * it was not queued here.
   */
  acknowledged(result: SendResult, run: readonly ChatMessage[] | undefined): ChatMessage | null {
    const message = this.stored(result);
    if (!message) return null;
    if (run && run.length > 0 && gapBefore(run, message.seq) === null) return message;
    this.hold(message);
    return null;
  }

  refused(roomId: string, clientMsgId: string, error: ChatApiError): void {
    // A file cancelled until none was left: dropped on purpose, nothing to show.
    if (error.code === "aborted") return;
    const item = this.pending.find((p) => p.clientMsgId === clientMsgId);
    if (item && isChange(item)) {
      const { code, message: reason } = error;
      this.changeRefusals = [...this.changeRefusals, { roomId, change: item.change, code, reason }];
      return;
    }
    const files = item?.files?.map(({ blob, type, name, width, height, thumb }) => ({
      blob,
      type,
      name,
      width,
      height,
      thumb,
    }));
    this.failed = [
      ...this.failed,
      {
        roomId,
        clientMsgId,
        body: item?.body ?? "",
        createdAt: Date.now(),
        reason: error.message,
        code: error.code,
        ...(files ? { files } : {}),
        ...(item?.replyTo !== undefined ? { replyTo: item.replyTo } : {}),
      },
    ];
  }

  /** Takes the room's refused changes, to tell of them. */
  takeChangeRefusals(roomId: string): ChangeRefusal[] {
    const taken = this.changeRefusals.filter((r) => r.roomId === roomId);
    if (taken.length > 0)
      this.changeRefusals = this.changeRefusals.filter((r) => r.roomId !== roomId);
    return taken;
  }

  /** Takes a refused message out of the failed list (to send again, or to drop). */
  take(clientMsgId: string): FailedMessage | undefined {
    const failed = this.failed.find((f) => f.clientMsgId === clientMsgId);
    this.failed = this.failed.filter((f) => f !== failed);
    return failed;
  }
}
