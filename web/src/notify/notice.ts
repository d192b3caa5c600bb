/**
 * What a notification about a room says: the body by the rule a push's follows too
 * (`noticeBody` in src/protocol/push.ts), so that a notice from the tab and one from a push
 * read alike. Pure: the tab and the service worker both use it.
 */
import { type NoticeWords, noticeBody, pushTag, roomPath } from "../../../src/protocol/push";

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

export function roomNotice(input: NoticeInput, words: NoticeWords): RoomNotice {
  return {
    title: input.title,
    body: noticeBody(input, PREVIEW_CHARS, words),
    tag: pushTag(input.roomId),
    data: { url: roomPath(input.roomId), roomId: input.roomId, seq: input.seq },
  };
}
