/**
 * The typed HTTP routes for rooms and the user's own chat settings, over an ApiClient's
 * signed-in session.
 */
import type {
  AroundPage,
  HistoryPage,
  InboxPage,
  NotificationPrefs,
  ObjectInboxGroup,
  ReadResult,
  Role,
  RoomDetails,
  SendResult,
} from "../protocol";
import type { ApiClient } from "./api";

const room = (id: string) => `/api/rooms/${encodeURIComponent(id)}`;

export class RoomsApi {
  constructor(private readonly api: ApiClient) {}

  /**
   * A page of the inbox, most recent activity first: the first without a cursor, the next
   * with the previous page's `nextCursor` (or a resync's `inboxCursor`). With `object`, only
   * the chats about that object.
   *
   * @example
   * ```ts
   * let cursor: string | null = null;
   * do {
   *   const page = await rooms.inbox({ cursor });
   *   show(page.rooms);
   *   cursor = page.nextCursor;
   * } while (cursor && userScrolledDown());
   * ```
   */
  inbox(
    query: { limit?: number; cursor?: string | null; object?: string } = {},
  ): Promise<InboxPage> {
    const params = new URLSearchParams();
    if (query.object) params.set("object", query.object);
    if (query.limit !== undefined) params.set("limit", String(query.limit));
    if (query.cursor) params.set("cursor", query.cursor);
    const qs = params.size > 0 ? `?${params}` : "";
    return this.api.authed("GET", `/api/rooms${qs}`);
  }

  /**
   * The owner's inbox by object: each object of yours that has chats you are in, with its
   * card, how many chats and their unread messages, most recent activity first. Its chats
   * are `inbox({ object: group.card.id })`.
   */
  async objectGroups(): Promise<ObjectInboxGroup[]> {
    return (await this.api.authed<{ objects: ObjectInboxGroup[] }>("GET", "/api/rooms/objects"))
      .objects;
  }

  createDirect(userId: string): Promise<RoomDetails> {
    return this.api.authed("POST", "/api/rooms", { kind: "direct", userId });
  }

  createGroup(title: string, memberIds: string[]): Promise<RoomDetails> {
    return this.api.authed("POST", "/api/rooms", { kind: "group", title, memberIds });
  }

  details(roomId: string): Promise<RoomDetails> {
    return this.api.authed("GET", room(roomId));
  }

  rename(roomId: string, title: string): Promise<RoomDetails> {
    return this.api.authed("PATCH", room(roomId), { title });
  }

  addMembers(roomId: string, userIds: string[]): Promise<RoomDetails> {
    return this.api.authed("POST", `${room(roomId)}/members`, { userIds });
  }

  /** Removes a member; the user's own id leaves the room. */
  async removeMember(roomId: string, userId: string): Promise<void> {
    await this.api.authed("DELETE", `${room(roomId)}/members/${encodeURIComponent(userId)}`);
  }

  setRole(roomId: string, userId: string, role: Role): Promise<RoomDetails> {
    return this.api.authed("PATCH", `${room(roomId)}/members/${encodeURIComponent(userId)}`, {
      role,
    });
  }

  /** A page of history strictly before or after a seq (the newest page without either). */
  history(
    roomId: string,
    query: { before?: number; after?: number; limit?: number } = {},
  ): Promise<HistoryPage> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) params.set(key, String(value));
    }
    const qs = params.size > 0 ? `?${params}` : "";
    return this.api.authed("GET", `${room(roomId)}/messages${qs}`);
  }

  /**
   * The messages around `seq`, that one included (a search hit, a link to a message):
   * about half older and half newer, `limit` in all. Page on from its ends with `history`.
   *
   * @example
   * ```ts
   * const page = await rooms.around(roomId, hit.message.seq);
   * show(page.messages);
   * const first = page.messages[0]?.seq;
   * if (page.hasMoreBefore && first) await rooms.history(roomId, { before: first });
   * ```
   */
  around(roomId: string, seq: number, limit?: number): Promise<AroundPage> {
    const params = new URLSearchParams({ around: String(seq) });
    if (limit !== undefined) params.set("limit", String(limit));
    return this.api.authed("GET", `${room(roomId)}/messages?${params}`);
  }

  /** Sends over HTTP (no socket); same idempotency as the socket's `send`. */
  send(
    roomId: string,
    body: string,
    clientMsgId: string = crypto.randomUUID(),
  ): Promise<SendResult> {
    return this.api.authed("POST", `${room(roomId)}/messages`, { clientMsgId, body });
  }

  markRead(roomId: string, seq: number): Promise<ReadResult> {
    return this.api.authed("POST", `${room(roomId)}/read`, { seq });
  }

  setMuted(roomId: string, muted: boolean): Promise<{ roomId: string; muted: boolean }> {
    return this.api.authed("PUT", `${room(roomId)}/mute`, { muted });
  }

  /** Hides the room from the inbox until its next message (`hidden` false shows it again). */
  setHidden(roomId: string, hidden: boolean): Promise<{ roomId: string; hidden: boolean }> {
    return this.api.authed("PUT", `${room(roomId)}/hidden`, { hidden });
  }

  /** "Delete for me": hides the message at `seq` on all the user's devices; others keep it. */
  async hideMessage(roomId: string, seq: number): Promise<void> {
    await this.api.authed("PUT", `${room(roomId)}/messages/${seq}/hidden`);
  }

  /** Whether the user hides their presence (`setPresenceHidden`). */
  presenceSettings(): Promise<{ hidden: boolean }> {
    return this.api.authed("GET", "/api/me/presence");
  }

  setPresenceHidden(hidden: boolean): Promise<{ hidden: boolean }> {
    return this.api.authed("PUT", "/api/me/presence", { hidden });
  }

  notificationPrefs(): Promise<NotificationPrefs> {
    return this.api.authed("GET", "/api/me/notifications");
  }

  /** Do not disturb until a time (ms since the epoch), or `null` for off. */
  setDoNotDisturb(until: number | null): Promise<NotificationPrefs> {
    return this.api.authed("PUT", "/api/me/notifications", { doNotDisturbUntil: until });
  }

  /** Whether a push shows the message's text. */
  setPreviews(previews: boolean): Promise<NotificationPrefs> {
    return this.api.authed("PUT", "/api/me/notifications", { previews });
  }
}
