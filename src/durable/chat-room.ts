/**
 * ChatRoom: one Durable Object per room (direct, group, object). It owns the
 * room's members, its gap-free message sequence and recent history in SQLite, and fans
 * committed messages out to members' UserSession objects. A thin shell over src/room/.
 * Callers (the worker's routes, UserSession) pass identities they have verified.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { attach, attachmentOf } from "../media/store";
import { eventsAfter } from "../objects/events";
import {
  type AroundPage,
  CLOSE,
  HEARTBEAT_PING,
  HEARTBEAT_PONG,
  type HistoryPage,
  type ReadResult,
  type Role,
  type RoomDetails,
  type SendResult,
  type ServerFrame,
} from "../protocol";
import { archiveRoom } from "../room/archive";
import { changeMessage } from "../room/changes";
import { notFound } from "../room/context";
import { Fanout } from "../room/fanout";
import * as hidden from "../room/hidden";
import { archivedRange, aroundPage, type HistorySources, historyPage } from "../room/history";
import { applyObjectEvents, objectCard, postAsObject } from "../room/object-events";
import * as room from "../room/room";
import { RoomStore, summaryOf } from "../room/store";
import { settingsFor } from "../settings";
import { closeQuietly, reciprocateClose } from "../sockets/socket";
import { firstSweepAt } from "../sockets/sweep";
import { objectLog } from "./log";
import { RoomAlarm } from "./room-alarm";
import { RoomDeliveries } from "./room-deliveries";
import { RoomSockets } from "./room-sockets";
import { notAnUpgrade, socketIdentity } from "./session-headers";
import { sessionStub } from "./stubs";

type Result<T> = room.Result<T>;
type MemberSend = room.MemberSend;
type MemberWrite = room.MemberWrite;

export class ChatRoom extends DurableObject<Env> {
  private readonly store: RoomStore;
  private readonly fanout: Fanout;
  private readonly sockets: RoomSockets;
  private readonly deliveries: RoomDeliveries;
  private readonly schedule: RoomAlarm;
  private readonly log: (where: string, error: unknown) => void;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Delivery progress is written this long after a delivery (see RoomStore.delivered).
    this.store = new RoomStore(ctx.storage, (write) =>
      setTimeout(() => this.writeProgress(write), settingsFor(env).FANOUT_PROGRESS_FLUSH_MS),
    );
    this.log = objectLog("ChatRoom", () => this.store.room()?.id ?? ctx.id.toString());
    this.schedule = new RoomAlarm(ctx, this.log);
    this.sockets = new RoomSockets(
      ctx,
      () => {
        const settings = settingsFor(env);
        return { perSecond: settings.SEND_RATE_PER_SECOND, burst: settings.SEND_BURST };
      },
      (userId, deviceId, count) => sessionStub(env, userId).debitSends(deviceId, count),
      this.log,
    );
    this.deliveries = new RoomDeliveries(env, this.log);
    this.fanout = new Fanout({
      store: this.store,
      settings: settingsFor(env),
      now: () => Date.now(),
      deliver: (userId, summary, messages, receipt, live) =>
        this.deliveries.deliver(userId, summary, messages, receipt, live),
      live: (userId) => this.sockets.liveFrom(userId),
      wakeAt: (time) => this.schedule.arm(time),
      breather: () => new Promise((resolve) => setTimeout(resolve, 0)),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      log: (message) => console.warn(`ChatRoom(${this.store.room()?.id ?? "?"}): ${message}`),
    });
    // Heartbeats on room sockets are answered by the runtime without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(HEARTBEAT_PING, HEARTBEAT_PONG));
  }

  /**
   * Accepts a room socket for a member's device. Only the worker calls this, after checking
   * the ticket; a non-member gets the same answer as a room that does not exist.
   */
  override async fetch(request: Request): Promise<Response> {
    const identity = socketIdentity(request);
    if (!identity) return notAnUpgrade();
    const { userId, deviceId } = identity;
    const current = this.store.room();
    const member = this.store.member(userId);
    if (!current || !member || member.leftSeq !== null) {
      return Response.json(
        { error: { code: "not_found", message: "no such room" } },
        { status: 404 },
      );
    }
    const summary = summaryOf(current);
    const settings = settingsFor(this.env);
    // The heartbeat sweep (in the alarm) closes the socket if it goes silent.
    this.schedule.socketOpened(firstSweepAt(Date.now(), settings.HEARTBEAT_TIMEOUT_MS));
    return this.sockets.accept(
      summary,
      current.lastSeq,
      { userId, deviceId },
      {
        maxPerUser: settings.MAX_SOCKETS_PER_USER,
        heartbeatIntervalMs: settings.HEARTBEAT_INTERVAL_MS,
      },
    );
  }

  /** A frame from a member's device: only `send`, to this room (see RoomSockets.receive). */
  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    try {
      this.sockets.receive(ws, message, {
        roomId: this.roomId(),
        maxFrameBytes: settingsFor(this.env).MAX_FRAME_BYTES,
        send: (input) => this.storeMessage(input),
        log: this.log,
      });
    } catch (error) {
      this.log("webSocketMessage", error);
      closeQuietly(ws, CLOSE.internal, "internal error");
    }
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    reciprocateClose(ws, code, reason);
    this.socketGone(ws);
  }

  override async webSocketError(ws: WebSocket, error: unknown): Promise<void> {
    this.log("webSocketError", error);
    this.socketGone(ws);
  }

  /**
   * A member's device left the room's screen: their session is no longer left for the quiet
   * window. (With no room socket left, the alarm's next pump delivers to it directly.)
   */
  private socketGone(ws: WebSocket): void {
    const userId = this.sockets.closed(ws);
    if (userId !== null) this.fanout.socketClosed(userId);
  }

  /** Closes a signed-out device's sockets to this room (4001). Returns how many. */
  async closeDevice(userId: string, deviceId: string): Promise<number> {
    const closed = this.sockets.closeDevice(userId, deviceId);
    if (closed > 0) this.fanout.socketClosed(userId);
    return closed;
  }

  async create(input: room.CreateRoomInput): Promise<Result<RoomDetails>> {
    return this.apply(room.create(this.context(), input));
  }

  /**
   * The object this room is about is at `version` now (its queue job, or the ask route after
   * making the room): reads the changes the card lacks from D1 and applies each once, in
   * order. Answers the card's version after them; `not_found` unless this is a room about
   * `objectId`.
   */
  async catchUpObject(objectId: string, version: number): Promise<Result<number>> {
    const pageSize = settingsFor(this.env).OBJECT_EVENTS_PAGE;
    for (;;) {
      const card = objectCard(this.context(), objectId);
      if (!card) return { ok: false, error: { code: "not_found", message: "no such room" } };
      if (card.version >= version) return { ok: true, value: card.version };
      const changes = await eventsAfter(this.env.DB, objectId, card.version, pageSize);
      const applied = this.apply(applyObjectEvents(this.context(), objectId, changes));
      if (!applied.ok || changes.length < pageSize) return applied;
    }
  }

  /** A post of the room's object, with a token the worker checked (see postAsObject). */
  async postAsObject(
    objectId: string,
    input: { clientMsgId: string; body: string },
  ): Promise<Result<SendResult>> {
    return this.apply(postAsObject(this.context(), objectId, input));
  }

  async details(actor: string): Promise<Result<RoomDetails>> {
    return room.roomDetails(this.context(), actor);
  }

  async send(input: MemberWrite): Promise<Result<SendResult>> {
    return this.storeMessage(input);
  }

  /**
   * A member's send or change to a message, from their session or their room socket: stored
   * once, then fanned out. Text and changes are stored at once; files are attached in D1
   * first (an await), after the checks that need none of them.
   */
  private storeMessage(input: MemberWrite): Result<SendResult> | Promise<Result<SendResult>> {
    if ("change" in input) return this.apply(changeMessage(this.context(), input));
    const { attachments, ...text } = input;
    if (!attachments) return this.apply(room.send(this.context(), text));
    return this.storeWithFiles({ ...text, attachments });
  }

  private async storeWithFiles(input: MemberSend & { attachments: string[] }) {
    const { senderId, clientMsgId, attachments } = input;
    const answered = room.sendWithoutFiles(this.context(), senderId, clientMsgId);
    if (answered) return this.apply(answered);
    const to = this.roomId();
    const now = Date.now();
    const files = await attach(
      this.env.DB,
      { kind: "room", to, ownerId: senderId, now },
      attachments,
    );
    if (!files.ok)
      return {
        ok: false as const,
        error: { code: "bad_attachment" as const, message: files.message },
      };
    return this.apply(
      room.send(this.context(), { ...input, attachments: files.files.map(attachmentOf) }),
    );
  }

  /** A block between the two members of this chat started or ended (src/routes/blocks.ts). */
  async setBlock(blocker: string, blocked: string, on: boolean): Promise<boolean> {
    return room.setBlock(this.context(), blocker, blocked, on);
  }

  /** Whether `userId` is a member now: who may fetch the room's files (src/media/access.ts). */
  async isMember(userId: string): Promise<boolean> {
    return room.isMember(this.context(), userId);
  }

  async history(
    actor: string,
    query: { before?: number; after?: number; limit?: number },
  ): Promise<Result<HistoryPage>> {
    const checked = room.historyQuery(this.context(), actor, query);
    if (!checked.ok) return checked;
    const { roomId, ...page } = checked.value;
    const found = await historyPage(this.historySources(roomId), page);
    const value = { ...found, messages: this.store.hidden.mark(actor, found.messages) };
    return { ok: true, value };
  }

  /** The messages before and after `around`, that seq included (see history.ts). */
  async historyAround(
    actor: string,
    query: { around: number; limit?: number },
  ): Promise<Result<AroundPage>> {
    const checked = room.historyQuery(this.context(), actor, { limit: query.limit });
    if (!checked.ok) return checked;
    const { roomId, limit } = checked.value;
    const found = await aroundPage(this.historySources(roomId), { around: query.around, limit });
    const value = { ...found, messages: this.store.hidden.mark(actor, found.messages) };
    return { ok: true, value };
  }

  /** Where history pages read: the object's rows above its trim point, D1 at and below. */
  private historySources(roomId: string): HistorySources {
    return {
      trimmedTo: this.store.retention.state().trimmedTo,
      local: (range) => this.store.range(roomId, range),
      archived: (range) => archivedRange(this.env.DB, roomId, range),
    };
  }

  /** "Delete for me": hides the message at `seq` from `actor`'s history pages. */
  async hideMessage(actor: string, seq: number): Promise<Result<{ roomId: string }>> {
    const row = this.store.room();
    // The archive is asked only for a member, about a seq the room has had.
    if (!row || !room.isMember(this.context(), actor)) return notFound();
    const range = { afterSeq: seq - 1, beforeSeq: seq + 1, limit: 1, order: "asc" as const };
    const target =
      seq > row.lastSeq
        ? null
        : (this.store.states.held(row.id, seq) ??
          (await archivedRange(this.env.DB, row.id, range))[0] ??
          null);
    return hidden.hideMessage(this.context(), actor, seq, target);
  }

  async markRead(actor: string, seq: number): Promise<Result<ReadResult>> {
    const outcome = room.markRead(this.context(), actor, seq);
    if (outcome.ok && outcome.value.notify) this.signalReceipt(actor);
    return this.apply(outcome);
  }

  /** A device of the actor has the room up to `seq` (direct rooms: the "delivered" mark). */
  async markReceived(actor: string, seq: number): Promise<Result<null>> {
    const moved = room.markReceived(this.context(), actor, seq);
    if (!moved.ok) return moved;
    if (moved.value) this.signalReceipt(actor);
    return { ok: true, value: null };
  }

  /** Starts or renews a member's watch lease; returns the other members and the lease. */
  async watch(actor: string): Promise<Result<{ memberIds: string[]; leaseMs: number }>> {
    const leaseMs = settingsFor(this.env).WATCH_LEASE_MS;
    const result = room.watch(this.context(), actor, leaseMs);
    return result.ok ? { ok: true, value: { memberIds: result.value, leaseMs } } : result;
  }

  /** Relays a typing signal to the members watching the room. Never stored. */
  async typing(actor: string, active: boolean): Promise<Result<null>> {
    const ttlMs = settingsFor(this.env).TYPING_TTL_MS;
    const sent = this.signal(actor, {
      type: "typing",
      roomId: this.roomId(),
      userId: actor,
      active,
      ttlMs,
    });
    return sent.ok ? { ok: true, value: null } : sent;
  }

  async addMembers(actor: string, userIds: string[]): Promise<Result<RoomDetails>> {
    return this.apply(room.addMembers(this.context(), actor, userIds));
  }

  async removeMember(actor: string, userId: string): Promise<Result<null>> {
    return this.apply(room.removeMember(this.context(), actor, userId));
  }

  async rename(actor: string, title: string): Promise<Result<RoomDetails>> {
    return this.apply(room.rename(this.context(), actor, title));
  }

  async setRole(actor: string, userId: string, role: Role): Promise<Result<RoomDetails>> {
    return this.apply(room.setRole(this.context(), actor, userId, role));
  }

  /**
   * Safety net for fanout (after an eviction or a failed delivery), archiving, and the
   * heartbeat sweep of room sockets. Idempotent.
   */
  override async alarm(): Promise<void> {
    this.schedule.fired();
    const settings = settingsFor(this.env);
    this.writeProgress(() => this.store.writeProgress());
    // Side by side: a slow member's delivery must not hold up archiving, and the reverse.
    const [, archive] = await Promise.allSettled([
      this.fanout.pumpAll().catch((error: unknown) => this.log("alarm", error)),
      this.schedule.archive(() => this.archive(), {
        retryMs: settings.ARCHIVE_RETRY_MS,
        maxMs: settings.ARCHIVE_RETRY_MAX_MS,
      }),
    ]);
    this.schedule.plan(
      Date.now(),
      (now) => this.sockets.sweep(now, settings.HEARTBEAT_TIMEOUT_MS),
      {
        fanout: { lagging: this.fanout.lagging(), retryAt: this.fanout.nextRetryAt() },
        archiveAt: archive.status === "fulfilled" ? archive.value : null,
      },
      settings.FANOUT_RETRY_MS,
    );
  }

  /** One archive run to D1; answers whether more is left to archive. */
  private async archive(): Promise<boolean> {
    const run = await archiveRoom({
      store: this.store,
      db: this.env.DB,
      settings: settingsFor(this.env),
      now: () => Date.now(),
      transaction: (fn) => this.store.transaction(fn),
    });
    return run.more;
  }

  private context(): room.RoomContext {
    return {
      store: this.store,
      settings: settingsFor(this.env),
      now: Date.now(),
      transaction: (fn) => this.store.transaction(fn),
    };
  }

  /**
   * After a committed change: arm the alarm (so delivery resumes even if this instance is
   * evicted right now), then start delivery without making the caller wait for it.
   */
  private apply<T>(outcome: Result<room.Changed<T>>): Result<T> {
    if (!outcome.ok) return outcome;
    const { appended } = outcome.value;
    if (appended.length > 0 || outcome.value.notify) {
      // The alarm is the safety net for fanout and what archives the change to D1.
      this.schedule.arm(Date.now() + settingsFor(this.env).FANOUT_RETRY_MS);
      const summary = this.store.summary();
      if (summary && appended.length > 0) this.sockets.broadcast(summary, appended);
      this.pump();
    }
    return { ok: true, value: outcome.value.value };
  }

  /** Delivers to members' sessions now, except those with the room open: they are paced. */
  private pump(): void {
    this.fanout.pumpAll().catch((error: unknown) => this.log("fanout", error));
  }

  /** Sends an ephemeral frame to the sessions of live watchers other than the actor. */
  private signal(actor: string, frame: ServerFrame): Result<null> {
    const audience = room.audience(this.context(), actor);
    if (!audience.ok) return audience;
    this.deliveries.signal(audience.value, frame);
    return { ok: true, value: null };
  }

  private signalReceipt(userId: string): void {
    const member = this.store.member(userId);
    if (!member) return;
    this.signal(userId, {
      type: "receipt",
      roomId: this.roomId(),
      userId,
      readSeq: member.readSeq,
      receivedSeq: member.receivedSeq,
    });
  }

  /** Writes delivery progress; a failure is logged, and the progress written next time. */
  private writeProgress(write: () => void): void {
    try {
      write();
    } catch (error) {
      this.log("writeProgress", error);
    }
  }

  private roomId(): string {
    return this.store.room()?.id ?? "";
  }
}
