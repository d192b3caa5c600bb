/**
 * The live signals the screens show: members' presence and who is typing, for the rooms
 * watched (the open room, and the inbox's most recent direct rooms). Part of ChatStore,
 * split out to keep each file to one job.
 */
import type { ChatClient, LiveEvent } from "../../../src/client";
import type { PresenceState } from "../../../src/protocol";
import type { RoomState } from "./room-state";

/** Direct rooms whose peer's presence the inbox follows (each costs a lease). */
export const INBOX_WATCH_MAX = 10;

type TypingEvent = Extract<LiveEvent, { type: "typing" }>;

export class RoomSignals {
  readonly presence = new Map<string, PresenceState>();
  /** Who is typing, per room. */
  readonly typing = new Map<string, Set<string>>();
  private readonly watched = new Set<string>();
  /** Direct rooms the inbox follows presence for. */
  private inboxWatched = new Set<string>();

  constructor(
    private readonly client: Pick<ChatClient, "watch" | "unwatch">,
    private readonly changed: () => void,
  ) {}

  watch(roomId: string): void {
    if (this.watched.has(roomId)) return;
    this.watched.add(roomId);
    void this.client.watch(roomId).then((frame) => {
      if (frame) this.onPresence(frame.presence);
    });
  }

  unwatch(roomId: string): void {
    this.watched.delete(roomId);
    this.client.unwatch(roomId);
  }

  /**
   * Watches the presence in the inbox's INBOX_WATCH_MAX newest direct rooms the user is in
   * (`inbox` as shown, newest first); lets go of those followed before and no longer (except
   * the open room, which its view watches).
   */
  followInbox(inbox: readonly RoomState[], openRoomId: string | null): void {
    const direct = inbox.filter(
      (s) => s.entry.kind === "direct" && s.entry.membership === "member",
    );
    const next = new Set(direct.slice(0, INBOX_WATCH_MAX).map((s) => s.entry.id));
    for (const id of this.inboxWatched) if (!next.has(id) && id !== openRoomId) this.unwatch(id);
    this.inboxWatched = next;
    for (const id of next) this.watch(id);
  }

  /** The room view closed: its signals stay watched only while the inbox follows them. */
  closed(roomId: string): void {
    if (!this.inboxWatched.has(roomId)) this.unwatch(roomId);
  }

  /** The user is no longer in the room: nothing of it is watched, by the view or the inbox. */
  released(roomId: string): void {
    this.unwatch(roomId);
    this.inboxWatched.delete(roomId);
  }

  /**
   * The connection is down: who is online is no longer known (nobody is shown online until
   * the watches, renewed on reconnect, say again); a last-seen time still holds. Typing ends.
   */
  disconnected(): void {
    for (const [userId, state] of this.presence) if (state.online) this.presence.delete(userId);
    this.typing.clear();
    this.changed();
  }

  onPresence(users: PresenceState[]): void {
    for (const user of users) this.presence.set(user.userId, user);
    this.changed();
  }

  /** A member started or stopped typing. */
  typed(event: TypingEvent): void {
    const typers = new Set(this.typing.get(event.roomId));
    if (event.active) typers.add(event.userId);
    else typers.delete(event.userId);
    this.typing.set(event.roomId, typers);
    this.changed();
  }

  /** A member's message arrived: they are no longer typing. */
  typingStopped(roomId: string, userId: string | null): void {
    const typers = this.typing.get(roomId);
    if (userId && typers?.delete(userId)) this.changed();
  }
}
