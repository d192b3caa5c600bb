/**
 * What a UserSession does with a command from one of its device sockets (src/session/
 * connection.ts parsed the frame): the answer on that socket, cursor reports, and what goes
 * to rooms through {@link SessionLinks}. Part of the UserSession shell, split out to keep
 * each file small.
 */
import type { Env } from "../env";
import type { ServerFrame } from "../protocol";
import type { Command, SocketAttachment } from "../session/connection";
import { hello } from "../session/session";
import type { SessionStore } from "../session/store";
import { settingsFor } from "../settings";
import { closeQuietly } from "../sockets/socket";
import type { SessionLinks } from "./session-links";

export class SessionFrames {
  constructor(
    private readonly env: Env,
    private readonly store: SessionStore,
    private readonly links: SessionLinks,
  ) {}

  /** Carries out one command from a device socket; identity is the socket's attachment. */
  async run(ws: WebSocket, socket: SocketAttachment, command: Command): Promise<void> {
    const settings = settingsFor(this.env);
    switch (command.type) {
      case "reply":
        sendAll(ws, command.frames);
        if (command.close) closeQuietly(ws, command.close.code, command.close.reason);
        return;
      case "hello":
        sendAll(ws, hello(this.store, socket, command, Date.now(), settings));
        return;
      case "cursor": {
        // In memory only (see src/session/cursors.ts): a report makes no query and no write.
        const cursor = Math.min(command.cursor, this.store.latest());
        const moved = this.store.cursors.set(socket.deviceId, cursor, Date.now());
        if (moved) {
          const limit = settings.RECEIPT_ROOMS_PER_CURSOR;
          const got = this.store.log.directRoomsBetween(moved.after, moved.upTo, limit);
          this.links.received(socket.userId, got);
        }
        return;
      }
      case "send":
        sendAll(ws, [await this.links.send(socket, command)]);
        return;
      case "read": {
        // Success is heard as a `read` event on every device, this one included.
        const error = await this.links.read(socket, command);
        if (error) sendAll(ws, [error]);
        return;
      }
      case "watch":
        sendAll(ws, [await this.links.watch(socket, command)]);
        return;
      case "typing": {
        const error = await this.links.typing(socket, command);
        if (error) sendAll(ws, [error]);
        return;
      }
    }
  }
}

function sendAll(ws: WebSocket, frames: ServerFrame[]): void {
  for (const frame of frames) ws.send(JSON.stringify(frame));
}
