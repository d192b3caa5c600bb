/**
 * How a room's messages are laid out, KakaoTalk style: consecutive messages of one sender
 * within a few minutes form a run (one avatar and name at its start, one time at its end);
 * a date separator starts each day; a "new messages" divider sits above the first message
 * that was unread when the room was opened; and a read mark (Read, Delivered, or how many
 * have not read it) shows only where it changes. Pure: the list renders what this returns.
 */
import { type ChatMessage, countsAsUnread } from "../../../src/protocol";

/** A run lasts at most this long from its first message: its one time is never far off. */
export const RUN_WINDOW_MS = 3 * 60_000;

/** One line of the timeline. */
export type Row =
  /** Above the first message of a day (the day of `at`, local time). */
  | { type: "day"; key: string; at: number }
  /** Above the first message that was unread when the room was opened. */
  | { type: "unread"; key: string }
  | {
      type: "message";
      key: string;
      message: ChatMessage;
      /** The first of its run: the sender's avatar and name go here. */
      runStart: boolean;
      /** The last of its run: its time goes here. */
      runEnd: boolean;
      /** Its read mark shows (the next message with a mark has another, or there is none). */
      showMark: boolean;
    };

export interface LayoutOptions {
  /** The user's id: their own messages are never unread. */
  me: string;
  /**
   * The read mark when the room was opened, if it had unread messages then: the divider goes
   * above the first message after it that counted as unread. Null: no divider.
   */
  unreadAfter: number | null;
  /** Each message's read mark as text (null: none), in the order of `messages`. */
  marks: readonly (string | null)[];
  /** A message's key for the list (its seq when stored). */
  key: (message: ChatMessage) => string;
}

/** Midnight (local time) of the day `at` falls on. */
export function dayStart(at: number): number {
  const d = new Date(at);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** Whether a message can share a run: what people write, not system lines or object posts. */
const runKind = (m: ChatMessage) => m.kind === "text" || m.kind === "attachment";

/** The rows for `messages` (oldest first, already filtered to those shown). */
export function layoutTimeline(messages: readonly ChatMessage[], options: LayoutOptions): Row[] {
  const rows: Row[] = [];
  const shown = markChanges(options.marks);
  let divided = options.unreadAfter === null;
  let previous: ChatMessage | undefined;
  let previousDay: number | undefined;
  let runFirst: ChatMessage | undefined;
  let last: Extract<Row, { type: "message" }> | undefined;
  messages.forEach((message, i) => {
    let breaks = false;
    const day = dayStart(message.createdAt);
    if (day !== previousDay) {
      rows.push({ type: "day", key: `day-${day}`, at: message.createdAt });
      previousDay = day;
      breaks = true;
    }
    if (
      !divided &&
      options.unreadAfter !== null &&
      message.seq > options.unreadAfter &&
      countsAsUnread(message, options.me)
    ) {
      divided = true;
      rows.push({ type: "unread", key: "unread" });
      breaks = true;
    }
    const joins =
      !breaks &&
      previous !== undefined &&
      runFirst !== undefined &&
      runKind(message) &&
      runKind(previous) &&
      message.senderId === previous.senderId &&
      message.createdAt - runFirst.createdAt <= RUN_WINDOW_MS;
    if (!joins) {
      if (last) last.runEnd = true;
      runFirst = message;
    }
    last = {
      type: "message",
      key: options.key(message),
      message,
      runStart: !joins,
      runEnd: false,
      showMark: shown[i] ?? false,
    };
    rows.push(last);
    previous = message;
  });
  if (last) last.runEnd = true;
  return rows;
}

/**
 * Where read marks show: on a message with a mark when the next message that has one shows
 * another (or none follows). "Read, Read, Delivered" shows Read on the second and Delivered
 * on the third; a group's "2, 2, 1, 1" shows 2 on the second and 1 on the fourth.
 */
export function markChanges(marks: readonly (string | null)[]): boolean[] {
  const shown = marks.map(() => false);
  let next: string | null = null;
  for (let i = marks.length - 1; i >= 0; i--) {
    const mark = marks[i] ?? null;
    if (mark === null) continue;
    shown[i] = mark !== next;
    next = mark;
  }
  return shown;
}

/** The words a date separator needs in the reader's language. */
export interface DayWords {
  today: string;
  yesterday: string;
}

/**
 * A date separator's label: "Today", "Yesterday", else the date in `locale` (with its
 * weekday; the year only when it is not this year's).
 */
export function dayLabel(at: number, now: number, words: DayWords, locale: string): string {
  const day = dayStart(at);
  const today = dayStart(now);
  if (day === today) return words.today;
  const n = new Date(now);
  if (day === new Date(n.getFullYear(), n.getMonth(), n.getDate() - 1).getTime()) {
    return words.yesterday;
  }
  const sameYear = new Date(at).getFullYear() === n.getFullYear();
  return new Intl.DateTimeFormat(locale, {
    weekday: "long",
    month: "long",
    day: "numeric",
    ...(sameYear ? {} : { year: "numeric" }),
  }).format(at);
}

/**
 * The locale dates are written in: the browser's preferred one in the app's language
 * ("en-GB" for English on a British browser), else the language itself.
 */
export function dateLocale(lang: string, preferred: readonly string[]): string {
  return preferred.find((l) => l.toLowerCase().split("-")[0] === lang) ?? lang;
}
