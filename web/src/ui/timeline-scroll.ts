/**
 * Where a room's timeline is scrolled. Opened with unread messages, it lands on the "new
 * messages" divider (once, when the divider first shows: their page may come after the
 * cached messages); otherwise it stays at the bottom
 * while the reader is there, and goes there when the user sends; older pages added above
 * leave the reader's place where it was. Scrolled up, it counts the messages from others
 * that came in below since the reader was last at the bottom (the "↓ N new" button).
 * Opened at a message (a search hit), it lands on that message instead, marks it and
 * focuses it; while what is shown does not reach the live end (a window of older history,
 * state/jumps.ts), nothing sticks to the bottom: newer pages added below leave the reader
 * where they are.
 */
import type { RefObject } from "preact";
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";

/** Within this many pixels of the end, the reader is at the bottom. */
const BOTTOM_SLACK_PX = 48;
/** Landed on the divider, this much of what was read before shows above it. */
const LANDING_MARGIN_PX = 24;

export interface TimelineScroll {
  /** The newest seq held when the reader was last at the bottom (or landed). */
  seen: number;
  /** The reader was at the bottom before this render (what comes in then is scrolled to). */
  atBottom: boolean;
  /** Scrolls to the newest message. */
  toBottom(): void;
  /** Scrolls to the newest message after the next render (jump to latest: the run changes). */
  toLatest(): void;
}

export function useTimelineScroll(options: {
  list: RefObject<HTMLElement | null>;
  /** The oldest seq held: a smaller one means a page was added above. */
  first: number;
  /** The newest seq held. */
  newest: number;
  /** The newest of the user's messages on their way (its clientMsgId): a new one is scrolled to. */
  sending: string | null;
  /** What is shown reaches the newest messages (else: a window of older history). */
  live: boolean;
  /** The message to land on (the room was opened at it), or null. */
  target: number | null;
}): TimelineScroll {
  const { list, first, newest, live, target } = options;
  const before = useRef({ height: 0, top: 0, atBottom: true, first: 0, live: true });
  const landed = useRef(false);
  /** The target landed on last: each is landed on once. */
  const landedAt = useRef<number | null>(null);
  /** Jump to latest was asked for: the next render goes to the bottom. */
  const wantBottom = useRef(false);
  const sending = useRef(options.sending);
  const [seen, setSeen] = useState(newest);

  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    const prev = before.current;
    const aim =
      target !== null && landedAt.current !== target
        ? el.querySelector<HTMLElement>(`[data-seq="${target}"]`)
        : null;
    const divider = landed.current || aim ? null : el.querySelector(".unread-divider");
    if (wantBottom.current) {
      wantBottom.current = false;
      el.scrollTop = el.scrollHeight;
    } else if (aim) {
      landedAt.current = target;
      landed.current = true; // not the divider any more
      aim.tabIndex = -1;
      const offset = aim.getBoundingClientRect().top - el.getBoundingClientRect().top;
      el.scrollTop += offset - (el.clientHeight - aim.offsetHeight) / 2;
      aim.focus({ preventScroll: true });
    } else if (divider) {
      landed.current = true;
      const offset = divider.getBoundingClientRect().top - el.getBoundingClientRect().top;
      el.scrollTop += offset - LANDING_MARGIN_PX;
      setSeen(newest);
    } else if (prev.first !== 0 && first < prev.first) {
      el.scrollTop = el.scrollHeight - prev.height + prev.top;
    } else if (
      live &&
      ((prev.atBottom && prev.live) ||
        (options.sending !== null && options.sending !== sending.current))
    ) {
      el.scrollTop = el.scrollHeight;
    }
    sending.current = options.sending;
    // The message landed on stays marked (a render may set its classes anew).
    if (target !== null) el.querySelector(`[data-seq="${target}"]`)?.classList.add("jumped");
    const remember = () => {
      const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < BOTTOM_SLACK_PX;
      before.current = { height: el.scrollHeight, top: el.scrollTop, atBottom, first, live };
      if (atBottom) setSeen(newest);
    };
    remember();
    el.addEventListener("scroll", remember, { passive: true });
    return () => el.removeEventListener("scroll", remember);
  });

  // The timeline got shorter (the composer grew) or its content taller (a photo loaded):
  // a reader at the bottom stays there.
  useEffect(() => {
    const el = list.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      if (before.current.atBottom && before.current.live) el.scrollTop = el.scrollHeight;
    });
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, []);

  return {
    seen,
    atBottom: before.current.atBottom,
    toBottom: () => {
      const el = list.current;
      if (!el) return;
      el.scrollTop = el.scrollHeight;
      el.focus({ preventScroll: true }); // the button goes; the focus stays in the timeline
    },
    toLatest: () => {
      wantBottom.current = true;
      list.current?.focus({ preventScroll: true });
    },
  };
}
