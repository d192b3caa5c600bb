/**
 * What a notification about a room says: the same rules the server follows for a push
 * (docs/protocol.md, "Push notifications"), so that a notice from the tab and one from a
 * push read alike. Pure: the tab and the service worker both use it.
 */
import { pushTag, roomPath } from "../../../src/protocol/push";

/** Characters of a message shown before it is cut (the server's PUSH_PREVIEW_CHARS). */
export const PREVIEW_CHARS = 140;

/** A notification about one room: what it says and what a click opens. */
export interface RoomNotice {
  title: string;
  body: string;
  /** `room:<roomId>`: a newer notice of the room replaces the older. */
  tag: string;
  data: NoticeData;
}

/** What a notification carries for its click. */
export interface NoticeData {
  /** The app's path to open. */
  url: string;
  roomId: string | null;
  seq: number | null;
}

/** Words the notice needs, in the reader's language. */
export interface NoticeWords {
  newMessage: string;
  /** "{count} new messages". */
  newMessages: (count: number) => string;
}

export interface NoticeInput {
  roomId: string;
  seq: number;
  /** True in a group (the body then names the sender). */
  group: boolean;
  /** The group's title, or in a direct room the sender's name. */
  title: string;
  senderName: string;
  text: string;
  /** The room's unread count with this message. */
  unread: number;
  previews: boolean;
}

/** Cuts text to `max` characters (by code point), marking the cut with "…". */
export function cut(text: string, max = PREVIEW_CHARS): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max).join("")}…`;
}

export function roomNotice(input: NoticeInput, words: NoticeWords): RoomNotice {
  const body = input.previews
    ? cut(input.group ? `${input.senderName}: ${input.text}` : input.text)
    : input.unread > 1
      ? words.newMessages(input.unread)
      : words.newMessage;
  return {
    title: input.title,
    body,
    tag: pushTag(input.roomId),
    data: { url: roomPath(input.roomId), roomId: input.roomId, seq: input.seq },
  };
}

/** The room a notification's tag is about, or null for another notification. */
export function tagRoom(tag: string): string | null {
  return tag.startsWith("room:") ? tag.slice("room:".length) : null;
}
