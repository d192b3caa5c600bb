/**
 * The message each room's composer is replying to, like a draft: chosen from the room's
 * actions, kept while the user goes to other rooms and back, and taken when the reply is
 * sent or cancelled. In memory only; a reload starts without.
 */
import type { ChatMessage } from "../../../src/protocol";

export class ReplyDrafts {
  private readonly quoting = new Map<string, ChatMessage>();

  constructor(private readonly changed: () => void) {}

  /** The message the room's composer quotes, if any. */
  get(roomId: string): ChatMessage | undefined {
    return this.quoting.get(roomId);
  }

  /** Quotes `message` in its room's composer, in place of any earlier choice there. */
  start(message: ChatMessage): void {
    this.quoting.set(message.roomId, message);
    this.changed();
  }

  /** The composer stops quoting (cancelled, or the reply went). */
  cancel(roomId: string): void {
    if (this.quoting.delete(roomId)) this.changed();
  }

  /** The seq the room's next message replies to, no longer kept: the reply is being sent. */
  take(roomId: string): number | undefined {
    const seq = this.quoting.get(roomId)?.seq;
    this.cancel(roomId);
    return seq;
  }
}
