/**
 * UserSession: one Durable Object per user. It holds every device's WebSocket (Hibernation
 * API), keeps the user's event log and inbox, receives room fanout, and forwards sends to
 * rooms. A thin shell over src/session/.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import type { Budget } from "../limits/budgets";
import {
  type ChatMessage,
  CLOSE,
  doNotDisturbOn,
  HEARTBEAT_PING,
  HEARTBEAT_PONG,
  type InboxPage,
  type InboxPosition,
  type NotificationPrefs,
  type ObjectInboxGroup,
  type Outcome,
  type PresenceState,
  type PushSubscriptionBody,
  type PushSubscriptionState,
  type ReadReceipt,
  type ReadResult,
  type RoomSummary,
  SESSION_REVOKED,
  type SendResult,
  type ServerFrame,
  type Write,
} from "../protocol";
import type { PushJob } from "../push/job";
import type { SendDebitAnswer } from "../room/send-debits";
import { UserBudgets } from "../session/budgets";
import { readAttachment, toCommand } from "../session/connection";
import { isQuiet, logLimits } from "../session/delivery";
import { PresenceStore, presenceLeaseEnd } from "../session/presence";
import { SessionStore } from "../session/store";
import { forDevice } from "../session/sync";
import { settingsFor } from "../settings";
import { closeQuietly, reciprocateClose } from "../sockets/socket";
import { objectLog } from "./log";
import { SessionFrames } from "./session-frames";
import { notAnUpgrade, socketIdentity } from "./session-headers";
import { SessionLinks } from "./session-links";
import { type PushPlan, type PushReport, SessionPush } from "./session-push";
import { SessionSockets } from "./session-sockets";

/** The answer to a socket upgrade for a device this session knows is signed out. */
function revokedAnswer(): Response {
  return Response.json({ error: SESSION_REVOKED }, { status: 401 });
}

export class UserSession extends DurableObject<Env> {
  private readonly store: SessionStore;
  private readonly presence: PresenceStore;
  private readonly sockets: SessionSockets;
  private readonly links: SessionLinks;
  private readonly frames: SessionFrames;
  private readonly push: SessionPush;
  /** The user's rate budgets, for every way in (src/session/budgets.ts). */
  private readonly budgets: UserBudgets;
  private readonly log: (where: string, error: unknown) => void;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new SessionStore(ctx.storage);
    this.presence = new PresenceStore(ctx.storage.sql);
    const log = objectLog("UserSession", () => ctx.id.toString());
    this.log = log;
    this.sockets = new SessionSockets(ctx, env, this.presence, log);
    this.budgets = new UserBudgets(() => settingsFor(env));
    this.links = new SessionLinks(env, this.budgets, log);
    this.frames = new SessionFrames(env, this.store, this.links);
    this.push = new SessionPush(env, this.store, log);
    // Heartbeats are answered by the runtime without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(HEARTBEAT_PING, HEARTBEAT_PONG));
  }

  /** Accepts a device socket. Only the worker calls this, after checking the ticket. */
  override async fetch(request: Request): Promise<Response> {
    const identity = socketIdentity(request);
    if (!identity) return notAnUpgrade();
    const { userId, deviceId } = identity;
    if (this.store.revoked.has(deviceId)) return revokedAnswer();
    return this.sockets.accept(userId, deviceId);
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    try {
      const socket = readAttachment(ws.deserializeAttachment());
      if (!socket) {
        closeQuietly(ws, CLOSE.internal, "session state lost");
        return;
      }
      if (this.store.revoked.has(socket.deviceId)) {
        // A frame that raced the close of its socket: nothing from it is taken.
        closeQuietly(ws, CLOSE.signedOut, "signed out");
        return;
      }
      const settings = settingsFor(this.env);
      await this.frames.run(ws, socket, toCommand(message, settings.MAX_FRAME_BYTES));
    } catch (error) {
      this.log("webSocketMessage", error);
      closeQuietly(ws, CLOSE.internal, "internal error");
    }
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    reciprocateClose(ws, code, reason);
    this.flushCursors();
    this.sockets.socketGone(ws);
  }

  override async webSocketError(ws: WebSocket, error: unknown): Promise<void> {
    this.log("webSocketError", error);
    this.sockets.socketGone(ws);
  }

  /** The heartbeat sweep: closes sockets silent past the timeout, then re-arms. */
  override async alarm(): Promise<void> {
    this.flushCursors();
    await this.sockets.sweep();
  }

  /**
   * The gate for an HTTP request from one of this user's devices: refused for a signed-out
   * device (its access token may not have expired yet), else one token of `budget`, if any.
   */
  async admit(deviceId: string, budget?: Budget): Promise<Outcome<null>> {
    if (this.store.revoked.has(deviceId)) return { ok: false, error: SESSION_REVOKED };
    if (!budget) return { ok: true, value: null };
    const take = this.budgets.take(budget, Date.now());
    return take.ok ? { ok: true, value: null } : take;
  }

  /**
   * A send over HTTP: the same budget as the sockets' sends, then the room. (The route
   * asked {@link admit} whether the device is signed out.)
   */
  async sendMessage(
    userId: string,
    input: { roomId: string; clientMsgId: string } & Write,
  ): Promise<Outcome<SendResult>> {
    return this.links.sendMessage(userId, input);
  }

  /** A read mark over HTTP: the same budget as `read` frames, then the room. */
  async markRead(userId: string, roomId: string, seq: number): Promise<Outcome<ReadResult>> {
    return this.links.markRead(userId, roomId, seq);
  }

  /**
   * A room took `count` sends from this device on its room socket: they are charged to the
   * user's send budget, into debt if need be (src/room/send-debits.ts). The answer tells the
   * room how long the user must now wait, and whether the device was signed out.
   */
  async debitSends(deviceId: string, count: number): Promise<SendDebitAnswer> {
    if (this.store.revoked.has(deviceId)) return { revoked: true, retryAfterMs: 0 };
    return { revoked: false, retryAfterMs: this.budgets.charge("send", count, Date.now()) };
  }

  /** Ephemeral frames for this user's devices: typing, receipts, presence. Never logged. */
  async signal(frame: ServerFrame): Promise<void> {
    this.sockets.broadcast(frame);
  }

  /** Another user's session takes or renews a lease on this user's presence. */
  async watchPresence(viewerId: string, userId: string, expiresAt: number): Promise<PresenceState> {
    if (this.presence.isBlocked(viewerId)) return { userId, online: false, lastSeenAt: null };
    const { WATCH_LEASE_MS } = settingsFor(this.env);
    this.presence.watch(viewerId, presenceLeaseEnd(expiresAt, Date.now(), WATCH_LEASE_MS));
    // Answer from the sockets as they are now, not from what was last recorded.
    this.sockets.refreshPresence(userId);
    return this.presence.visible(userId);
  }

  /** This user blocked `otherId`, or lifted it (see PresenceStore.setBlocked). */
  async setBlocked(otherId: string, on: boolean): Promise<void> {
    this.presence.setBlocked(otherId, on);
  }

  /** Whether this user hides their presence. */
  async presenceSettings(): Promise<{ hidden: boolean }> {
    return { hidden: this.presence.hidden() };
  }

  /** Hides or shows this user's presence; watchers hear the change. */
  async setPresenceHidden(userId: string, hidden: boolean): Promise<{ hidden: boolean }> {
    if (this.presence.setHidden(userId, hidden)) this.sockets.announcePresence(userId);
    return { hidden: this.presence.hidden() };
  }

  /**
   * Fanout from a room (`messagesJson`: the messages as a JSON array): logs what is new,
   * updates the inbox and pushes the new events to every connected device. Redelivered
   * messages are dropped, so rooms may retry freely. Answers `quiet` when every connected
   * device got these messages live from the room (`live`) and no device waits for a push,
   * so nothing but the log needed this batch soon (see src/room/fanout.ts).
   */
  async deliver(
    userId: string,
    room: RoomSummary,
    messagesJson: string,
    receipt: ReadReceipt,
    live: Record<string, number> = {},
  ): Promise<{ quiet: boolean }> {
    // A JSON array from the room, which turns each message into text once for all members:
    // cheaper than the structured clone of the same objects on every call.
    const messages = JSON.parse(messagesJson) as ChatMessage[];
    const now = Date.now();
    const keep = logLimits(settingsFor(this.env), now);
    // Device cursors reported since the last write go in the same transaction.
    const frames = this.store.transaction(() => {
      const appended = this.store.append(userId, room, messages, receipt, now, messagesJson);
      this.store.trim(keep.maxEvents, keep.before);
      return appended;
    });
    // With no new events nothing is sent, but the devices are still counted.
    const devices = this.sockets.broadcastEach((deviceId) => forDevice(frames, live, deviceId));
    // A device that only a push reaches is waiting too: not quiet then.
    const awaitsPush = await this.push.afterDelivery(userId, frames, devices, live);
    return { quiet: isQuiet(devices, live) && !awaitsPush };
  }

  /** The calling device's push subscription. */
  async pushSubscription(deviceId: string): Promise<PushSubscriptionState> {
    return this.push.state(deviceId);
  }

  /** Registers the device's push subscription, replacing its earlier one. */
  async subscribePush(
    deviceId: string,
    body: PushSubscriptionBody,
  ): Promise<PushSubscriptionState> {
    return this.push.subscribe(deviceId, body);
  }

  async unsubscribePush(deviceId: string): Promise<void> {
    this.push.unsubscribe(deviceId);
  }

  /** The push consumer asks: to which devices, and with what, does this job go now? */
  async pushPlan(job: PushJob): Promise<PushPlan | null> {
    return this.push.plan(job, this.sockets.connectedDevices());
  }

  /** The push consumer reports what it sent and which subscriptions are gone. */
  async pushDone(roomId: string, seq: number, reports: PushReport[]): Promise<void> {
    this.push.done(roomId, seq, reports);
  }

  /** Mutes or unmutes one of the user's rooms; every device hears of it. */
  async setMuted(
    roomId: string,
    muted: boolean,
  ): Promise<{ roomId: string; muted: boolean } | null> {
    const result = this.store.transaction(() => this.store.setMuted(roomId, muted, Date.now()));
    if (!result) return null;
    if (result.frame) this.sockets.broadcast(result.frame);
    return { roomId, muted };
  }

  /** Hides a room from the inbox until its next message, or shows it; null if none such. */
  async setHidden(
    roomId: string,
    hidden: boolean,
  ): Promise<{ roomId: string; hidden: boolean } | null> {
    const result = this.store.transaction(() => this.store.setHidden(roomId, hidden, Date.now()));
    if (!result) return null;
    if (result.frame) this.sockets.broadcast(result.frame);
    return { roomId, hidden };
  }

  /** "Delete for me": every device of the user hides the message; false if no such room. */
  async hideMessage(roomId: string, seq: number): Promise<boolean> {
    const frame = this.store.transaction(() => this.store.hideMessage(roomId, seq, Date.now()));
    if (!frame) return false;
    this.sockets.broadcast(frame);
    return true;
  }

  async notificationPrefs(): Promise<NotificationPrefs> {
    const until = this.store.doNotDisturbUntil();
    return {
      doNotDisturbUntil: until,
      doNotDisturb: doNotDisturbOn(until, Date.now()),
      previews: this.store.previews(),
    };
  }

  /** Changes the settings given; every device hears of a change. */
  async setNotificationPrefs(change: {
    doNotDisturbUntil?: number | null;
    previews?: boolean;
  }): Promise<NotificationPrefs> {
    const frame = this.store.transaction(() => this.store.setPrefs(change, Date.now()));
    if (frame) this.sockets.broadcast(frame);
    return this.notificationPrefs();
  }

  /** A page of the user's rooms, most recent activity first, just after `after`. */
  async inbox(
    limit: number,
    after: InboxPosition | null = null,
    objectId: string | null = null,
  ): Promise<Omit<InboxPage, "users">> {
    return this.store.inboxPage(limit, after, objectId);
  }

  /** The objects `ownerId` (this user) owns that have chats, with their counts. */
  async objectGroups(ownerId: string, limit: number): Promise<ObjectInboxGroup[]> {
    return this.store.objectGroups(ownerId, limit);
  }

  /**
   * A device was signed out: records it, so that anything more from it is refused (see
   * src/session/revoked.ts), and closes its sockets (4001). Returns how many were closed.
   */
  async closeDevice(deviceId: string, reason: string): Promise<number> {
    this.store.transaction(() => {
      this.store.revoked.add(deviceId, Date.now());
      this.store.push.remove(deviceId); // a signed-out device is notified of nothing
    });
    return this.sockets.closeDevice(deviceId, reason);
  }

  /** Number of open device sockets. */
  async socketCount(): Promise<number> {
    return this.ctx.getWebSockets().length;
  }

  /** Writes device cursors kept in memory, when no delivery has written them since. */
  private flushCursors(): void {
    if (!this.store.cursors.unflushed()) return;
    try {
      this.store.transaction(() => {});
    } catch (error) {
      this.log("flushCursors", error); // only "delivered" marks are sent again
    }
  }
}
