/**
 * The typed HTTP routes of objects and the chats about them (docs/protocol.md, "Objects"),
 * over an ApiClient's signed-in session.
 */
import type {
  ChatObject,
  CreateObjectBody,
  DealBody,
  ObjectChat,
  ObjectPage,
  RoomDetails,
  UpdateObjectBody,
} from "../protocol";
import type { ApiClient } from "./api";

const path = (objectId: string) => `/api/objects/${encodeURIComponent(objectId)}`;

export class ObjectsApi {
  constructor(private readonly api: ApiClient) {}

  /** Creates an object of yours, `available`. Fields left out take their defaults. */
  create(body: Partial<CreateObjectBody> & { title: string }): Promise<ChatObject> {
    return this.api.authed("POST", "/api/objects", body);
  }

  get(objectId: string): Promise<ChatObject> {
    return this.api.authed("GET", path(objectId));
  }

  /** Changes fields of your object; `status` may be `available` or `closed`. */
  update(objectId: string, change: UpdateObjectBody): Promise<ChatObject> {
    return this.api.authed("PATCH", path(objectId), change);
  }

  /** Deletes your object; its chats stay readable. */
  async remove(objectId: string): Promise<void> {
    await this.api.authed("DELETE", path(objectId));
  }

  /** One owner's objects (yours without `owner`), newest first, a page at a time. */
  list(
    query: { owner?: string; limit?: number; cursor?: string | null } = {},
  ): Promise<ObjectPage> {
    const params = new URLSearchParams();
    if (query.owner) params.set("owner", query.owner);
    if (query.limit !== undefined) params.set("limit", String(query.limit));
    if (query.cursor) params.set("cursor", query.cursor);
    const qs = params.size > 0 ? `?${params}` : "";
    return this.api.authed("GET", `/api/objects${qs}`);
  }

  /**
   * Reserves your object for an asker, or marks it sold to one: `askerId` is the asker of a
   * chat about it (the member of `obj:<objectId>:<askerId>` who is not you). Every chat about
   * the object hears of it a moment later; `update(id, { status: "available" })` undoes it.
   *
   * @example
   * ```ts
   * await objects.deal(bike.id, { status: "reserved", askerId: anna.id });
   * ```
   */
  deal(objectId: string, deal: DealBody): Promise<ChatObject> {
    return this.api.authed("POST", `${path(objectId)}/deal`, deal);
  }

  /** "Ask about this": the one room of you and the owner about the object. */
  ask(objectId: string): Promise<RoomDetails> {
    return this.api.authed("POST", `${path(objectId)}/chats`);
  }

  /** The chats about your object, oldest first. */
  async chats(objectId: string): Promise<ObjectChat[]> {
    return (await this.api.authed<{ chats: ObjectChat[] }>("GET", `${path(objectId)}/chats`)).chats;
  }
}
