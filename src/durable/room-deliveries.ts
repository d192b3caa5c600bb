/**
 * A ChatRoom's calls to members' UserSession objects: each batch goes as one JSON array,
 * which the session logs as it came. Part of the ChatRoom shell, split out to keep each
 * file small.
 */
import type { Env } from "../env";
import type { ChatMessage, ReadReceipt, RoomSummary } from "../protocol";

export class RoomDeliveries {
  constructor(private readonly env: Env) {}

  /**
   * Hands one batch to a member's session; fanout records the progress when this resolves.
   * The session answers whether the member is quiet (see src/room/fanout.ts).
   */
  async deliver(
    userId: string,
    summary: RoomSummary,
    messages: ChatMessage[],
    receipt: ReadReceipt,
    live: Record<string, number>,
  ): Promise<{ quiet: boolean }> {
    // A fresh stub per call: a stub that threw may be broken.
    const stub = this.env.USER_SESSION.get(this.env.USER_SESSION.idFromName(userId));
    const answer = await stub.deliver(userId, summary, JSON.stringify(messages), receipt, live);
    // A session still on an older release answers nothing: not quiet.
    return { quiet: (answer as { quiet?: unknown } | undefined)?.quiet === true };
  }
}
