/**
 * What a UserSession object makes of one frame from one device socket, as a pure function:
 * a command for the object to carry out. Identity comes from the socket attachment (set from
 * the verified ticket), never from the frame.
 */
import * as v from "valibot";
import {
  assertNever,
  type ClientFrame,
  changeOf,
  parseClientFrame,
  type Reply,
  refusal,
  type Write,
} from "../protocol";

/** Stored in each socket's attachment (survives hibernation; at most 16 KiB). */
export const SocketAttachment = v.object({
  userId: v.string(),
  deviceId: v.string(),
  connectedAt: v.number(),
});
export type SocketAttachment = v.InferOutput<typeof SocketAttachment>;

/** Validates an attachment read back after hibernation; null if it is not ours. */
export function readAttachment(value: unknown): SocketAttachment | null {
  const parsed = v.safeParse(SocketAttachment, value);
  return parsed.success ? parsed.output : null;
}

/** What the session object should do about one client frame. */
export type Command =
  | Reply
  | { type: "hello"; ref?: string; cursor: number }
  | ({ type: "send"; ref?: string; roomId: string; clientMsgId: string } & Write)
  | { type: "cursor"; cursor: number }
  | { type: "read"; ref?: string; roomId: string; seq: number }
  | { type: "watch"; ref?: string; roomId: string }
  | { type: "typing"; ref?: string; roomId: string; active: boolean };

/** Parses one frame into a command. Identity never comes from the frame. */
export function toCommand(raw: string | ArrayBuffer, maxFrameBytes: number): Command {
  const parsed = parseClientFrame(raw, maxFrameBytes);
  return parsed.ok ? fromFrame(parsed.value) : refusal(parsed);
}

function fromFrame(frame: ClientFrame): Command {
  const ref = frame.id ? { ref: frame.id } : {};
  switch (frame.type) {
    case "hello":
      return { type: "hello", ...ref, cursor: frame.cursor ?? 0 };
    case "send":
      return {
        type: "send",
        ...ref,
        roomId: frame.roomId,
        clientMsgId: frame.clientMsgId,
        body: frame.body,
        ...(frame.attachments ? { attachments: frame.attachments } : {}),
        ...(frame.replyTo !== undefined ? { replyTo: frame.replyTo } : {}),
      };
    case "edit":
    case "delete":
    case "react": {
      const { roomId, clientMsgId } = frame;
      return { type: "send", ...ref, roomId, clientMsgId, change: changeOf(frame) };
    }
    case "cursor":
      return { type: "cursor", cursor: frame.cursor };
    case "read":
      return { type: "read", ...ref, roomId: frame.roomId, seq: frame.seq };
    case "watch":
      return { type: "watch", ...ref, roomId: frame.roomId };
    case "typing":
      return { type: "typing", ...ref, roomId: frame.roomId, active: frame.active ?? true };
    default:
      return assertNever(frame);
  }
}
