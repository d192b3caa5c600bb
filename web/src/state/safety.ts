/**
 * Blocks and reports (docs/protocol.md, Blocks and Reports): whom the user blocked (asked
 * on every connect, and changed here), blocking and unblocking, reporting a message or a
 * user; and the chats whose server refused the user's message because a block stands
 * there, which is how a user learns that another blocked them (nothing else says so).
 */
import type { ApiClient, ChatClient } from "../../../src/client";
import type { BlockedUser, ReportReason } from "../../../src/protocol";

/** What a report is about, with why. */
export type ReportRequest = (
  | { kind: "message"; roomId: string; seq: number }
  | { kind: "user"; userId: string }
) & { reason: ReportReason; note?: string };

export class Safety {
  /** Whom the user blocked, by id, most recent first; null until first heard. */
  private blocked: Map<string, BlockedUser> | null = null;
  /** Rooms whose server refused a message or change of the user's as `blocked`. */
  private readonly refused = new Set<string>();

  constructor(
    private readonly http: ApiClient,
    client: ChatClient,
    private readonly changed: () => void,
  ) {
    client.on((event) => {
      if (event.type === "status" && event.status === "online") void this.load().catch(() => {});
      if (event.type === "failed" && event.error.code === "blocked") {
        this.refused.add(event.roomId);
        this.changed();
      }
    });
  }

  /** Blocks and unblocks made here: a list asked for before one may not show it. */
  private changes = 0;

  /** Asks the server whom the user blocked. */
  async load(): Promise<void> {
    const asked = this.changes;
    const { blocked } = await this.http.authed<{ blocked: BlockedUser[] }>("GET", "/api/me/blocks");
    if (this.changes !== asked) {
      // Answered after a change here, and maybe read before it: ask again unless held.
      return this.blocked === null ? this.load() : undefined;
    }
    this.blocked = new Map(blocked.map((b) => [b.user.id, b]));
    this.changed();
  }

  /** Whether the user blocked `userId` (as far as this device has heard). */
  isBlocked(userId: string | null): boolean {
    return userId !== null && this.blocked?.has(userId) === true;
  }

  /** The users the user blocked, most recently blocked first; null before the list came. */
  list(): BlockedUser[] | null {
    return this.blocked ? [...this.blocked.values()] : null;
  }

  /** Whether the server refused the user's writing in the room because of a block. */
  refusedIn(roomId: string): boolean {
    return this.refused.has(roomId);
  }

  /** The room is opened again: it may take messages by now (the next refusal tells if not). */
  forget(roomId: string): void {
    this.refused.delete(roomId);
  }

  /** Blocks `userId`: the chats of the two take no messages while it stands. */
  async block(userId: string): Promise<void> {
    this.changes += 1;
    await this.http.authed("PUT", `/api/me/blocks/${encodeURIComponent(userId)}`);
    await this.load(); // the list as the server keeps it, with the user's profile
  }

  /** Lifts the user's block of `userId`; the chats of the two may take messages again. */
  async unblock(userId: string, roomIds: readonly string[] = []): Promise<void> {
    this.changes += 1;
    await this.http.authed("DELETE", `/api/me/blocks/${encodeURIComponent(userId)}`);
    this.blocked?.delete(userId);
    // The other may still block the user: the next message tells.
    for (const roomId of roomIds) this.refused.delete(roomId);
    this.changed();
  }

  /** Reports a message or a user to the operator; resolves with the report's id. */
  async report(request: ReportRequest): Promise<string> {
    const { id } = await this.http.authed<{ id: string }>("POST", "/api/reports", request);
    return id;
  }
}
