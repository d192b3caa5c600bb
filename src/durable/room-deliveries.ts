/**
 * A ChatRoom's calls to members' UserSession objects: ephemeral signals (typing, receipts),
 * and fanout's batches, each as one JSON array, which the session logs as it came. Each
 * message is stringified once for all members (see {@link RoomDeliveries.jsonOf}). Part of
 * the ChatRoom shell, split out to keep each file small.
 */
import type { Env } from "../env";
import type { ChatMessage, ReadReceipt, RoomSummary, ServerFrame } from "../protocol";
import { sessionStub } from "./stubs";

export class RoomDeliveries {
  /** Each message's JSON, for as long as the message object lives (see {@link jsonOf}). */
  private readonly messageJson = new WeakMap<ChatMessage, string>();

  constructor(
    private readonly env: Env,
    private readonly log: (where: string, error: unknown) => void,
  ) {}

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
    const stub = sessionStub(this.env, userId);
    const json = `[${messages.map((message) => this.jsonOf(message)).join(",")}]`;
    const answer = await stub.deliver(userId, summary, json, receipt, live);
    // A session still on an older release answers nothing: not quiet.
    return { quiet: (answer as { quiet?: unknown } | undefined)?.quiet === true };
  }

  /** Sends an ephemeral frame to these members' sessions, without waiting. Never stored. */
  signal(userIds: readonly string[], frame: ServerFrame): void {
    for (const userId of userIds) {
      sessionStub(this.env, userId)
        .signal(frame)
        .catch((error: unknown) => this.log("signal", error));
    }
  }

  /**
   * A message as JSON, made once per message object: the store hands fanout the same objects
   * for every member (its newest messages are kept in memory), so each is stringified once.
   */
  private jsonOf(message: ChatMessage): string {
    let json = this.messageJson.get(message);
    if (json === undefined) {
      json = JSON.stringify(message);
      this.messageJson.set(message, json);
    }
    return json;
  }
}
