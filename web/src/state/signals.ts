/**
 * The live signals the screens show: members' presence and who is typing, for the rooms
 * watched (the open room, and the inbox's most recent direct rooms). Part of ChatStore,
 * split out to keep each file to one job.
 */
import type { ChatClient, LiveEvent } from "../../../src/client";
import type { PresenceState } from "../../../src/protocol";

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
   * Watches the presence in the rooms the inbox follows now; lets go of those it followed
   * before and no longer does (except the open room, which its view watches).
   */
  followInbox(roomIds: Iterable<string>, openRoomId: string | null): void {
    const next = new Set(roomIds);
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
