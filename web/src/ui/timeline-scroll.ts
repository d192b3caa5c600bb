/**
 * Where a room's timeline is scrolled. Opened with unread messages, it lands on the "new
 * messages" divider (once, when the divider first shows: their page may come after the
 * cached messages); otherwise it stays at the bottom
 * while the reader is there, and goes there when the user sends; older pages added above
 * leave the reader's place where it was. Scrolled up, it counts the messages from others
 * that came in below since the reader was last at the bottom (the "↓ N new" button).
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
}

export function useTimelineScroll(options: {
  list: RefObject<HTMLElement | null>;
  /** The oldest seq held: a smaller one means a page was added above. */
  first: number;
  /** The newest seq held. */
  newest: number;
  /** The newest of the user's messages on their way (its clientMsgId): a new one is scrolled to. */
  sending: string | null;
}): TimelineScroll {
  const { list, first, newest } = options;
  const before = useRef({ height: 0, top: 0, atBottom: true, first: 0 });
  const landed = useRef(false);
  const sending = useRef(options.sending);
  const [seen, setSeen] = useState(newest);

  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    const prev = before.current;
    const divider = landed.current ? null : el.querySelector(".unread-divider");
    if (divider) {
      landed.current = true;
      const offset = divider.getBoundingClientRect().top - el.getBoundingClientRect().top;
      el.scrollTop += offset - LANDING_MARGIN_PX;
      setSeen(newest);
    } else if (prev.first !== 0 && first < prev.first) {
      el.scrollTop = el.scrollHeight - prev.height + prev.top;
    } else if (prev.atBottom || (options.sending !== null && options.sending !== sending.current)) {
      el.scrollTop = el.scrollHeight;
    }
    sending.current = options.sending;
    const remember = () => {
      const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < BOTTOM_SLACK_PX;
      before.current = { height: el.scrollHeight, top: el.scrollTop, atBottom, first };
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
      if (before.current.atBottom) el.scrollTop = el.scrollHeight;
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
  };
}
