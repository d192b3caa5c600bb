/**
 * A window of a room's history opened at one message (a search hit): the messages around
 * it, consecutive, paged on at both ends, apart from the run held at the live end
 * (timeline.ts) until the two meet. These are its rules, pure; jumps.ts keeps the windows.
 */
import {
  type AroundPage,
  applyChanges,
  type ChatMessage,
  type HistoryPage,
} from "../../../src/protocol";
import { merge } from "./timeline";

export interface AroundWindow {
  /** The message it was opened at: landed on and marked. */
  target: number;
  /** Consecutive messages, ascending. */
  messages: ChatMessage[];
  /** Older messages exist before the first. */
  hasMoreBefore: boolean;
  /** Newer messages existed after the last when it was last paged (see `reachesLive`). */
  hasMoreAfter: boolean;
}

/** The window an `around` page opens. */
export function opened(target: number, page: AroundPage): AroundWindow {
  return {
    target,
    messages: [...page.messages].sort((a, b) => a.seq - b.seq),
    hasMoreBefore: page.hasMoreBefore,
    hasMoreAfter: page.hasMoreAfter,
  };
}

/**
 * The window with the page before its first message added: only the messages older than
 * it, and only those consecutive with it (a page that does not reach it changes nothing).
 */
export function withOlder(window: AroundWindow, page: HistoryPage): AroundWindow {
  const first = window.messages[0]?.seq;
  if (first === undefined) return window;
  const older = page.messages.filter((m) => m.seq < first).sort((a, b) => a.seq - b.seq);
  if (older.length > 0 && (older.at(-1) as ChatMessage).seq !== first - 1) return window;
  return {
    ...window,
    messages: [...consecutiveEnd(older), ...window.messages],
    hasMoreBefore: page.hasMore && (older[0]?.seq ?? first) > 1,
  };
}

/** The window with the page after its last message added (consecutive with it only). */
export function withNewer(window: AroundWindow, page: HistoryPage): AroundWindow {
  const last = window.messages.at(-1)?.seq;
  if (last === undefined) return window;
  const newer = page.messages.filter((m) => m.seq > last).sort((a, b) => a.seq - b.seq);
  if (newer.length > 0 && (newer[0] as ChatMessage).seq !== last + 1) return window;
  return { ...window, messages: [...window.messages, ...newer], hasMoreAfter: page.hasMore };
}

/**
 * Whether the window reaches the live run: it touches or overlaps it, or it has nothing
 * newer after it and the live run holds nothing newer either. Then the two are one.
 */
export function reachesLive(window: AroundWindow, live: readonly ChatMessage[]): boolean {
  const last = window.messages.at(-1)?.seq ?? 0;
  const liveFirst = live[0]?.seq;
  const liveLast = live.at(-1)?.seq ?? 0;
  if (liveFirst !== undefined && last + 1 >= liveFirst) return true;
  return !window.hasMoreAfter && liveLast <= last;
}

/**
 * The live run the window becomes once it reaches it: one run from the window's first
 * message to the newest, the live copies (with the changes heard since) winning.
 */
export function joined(window: AroundWindow, live: readonly ChatMessage[]): ChatMessage[] {
  return merge(window.messages, live);
}

/**
 * The window's messages with the changes the live run heard since applied (an edit, a
 * delete or a reaction that came while the window shows); the window itself is unchanged.
 */
export function withLiveChanges(window: AroundWindow, live: readonly ChatMessage[]): ChatMessage[] {
  const first = window.messages[0]?.seq ?? 0;
  const last = window.messages.at(-1)?.seq ?? 0;
  const events = live.filter(
    (m) => m.target !== undefined && m.target >= first && m.target <= last,
  );
  if (events.length === 0) return window.messages;
  const bySeq = new Map(window.messages.map((m) => [m.seq, m]));
  for (const event of events) if (!bySeq.has(event.seq)) bySeq.set(event.seq, event);
  applyChanges(bySeq);
  return window.messages.map((m) => bySeq.get(m.seq) ?? m);
}

/** Whether the run holds `seq` (then no window is needed: the timeline lands on it). */
export function holds(run: readonly ChatMessage[], seq: number): boolean {
  const first = run[0]?.seq;
  const last = run.at(-1)?.seq;
  return first !== undefined && last !== undefined && seq >= first && seq <= last;
}

/** The newest consecutive stretch of ascending messages. */
function consecutiveEnd(messages: ChatMessage[]): ChatMessage[] {
  let start = messages.length - 1;
  while (
    start > 0 &&
    (messages[start - 1] as ChatMessage).seq === (messages[start] as ChatMessage).seq - 1
  )
    start -= 1;
  return start < 0 ? [] : messages.slice(start);
}
