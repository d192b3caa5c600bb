/**
 * A room's messages as shown: the run held with the user's queued changes applied (an edit,
 * a delete or a reaction shows at once), events left out (they show on what they change),
 * then what is still being sent or was refused. They show in runs of one sender under date
 * separators, with a "new messages" divider where the unread ones began and read marks where
 * they change (state/runs.ts). Older pages load as it scrolls up; where it is scrolled is
 * timeline-scroll.ts's job, with a "↓ N new" button for what came below the reader; each
 * message has its actions menu, the arrow keys moving among them. Opened at a message (a
 * search hit), it shows the window of history around it (use-jump.ts), marked and landed
 * on, paging older and newer as it scrolls either way, with "Jump to latest" until the
 * window meets the newest messages.
 */
import { useEffect, useRef } from "preact/hooks";
import { unreadBy } from "../../../src/client";
import {
  type ChatMessage,
  countsAsUnread,
  MESSAGE_KIND_RULES,
  ROOM_KINDS,
} from "../../../src/protocol";
import { isChange, withQueuedChanges } from "../state/pending-changes";
import { refusalText } from "../state/refusals";
import type { RoomState } from "../state/room-state";
import { dateLocale, dayLabel, layoutTimeline, type Row } from "../state/runs";
import { hasOlder } from "../state/timeline";
import type { Ui } from "./describe";
import { navigate } from "./hooks";
import { moveAmongMessages } from "./message-actions";
import { type Mark, MessageItem, OutgoingItem } from "./message-item";
import { useTimelineScroll } from "./timeline-scroll";
import { useJump } from "./use-jump";
import { type RoomActionOptions, useRoomActions } from "./use-room-actions";

/**
 * The messages a list shows: not the events, which show on the messages they change, nor
 * those the user deleted for themselves.
 */
const shownKinds = (m: ChatMessage) => !MESSAGE_KIND_RULES[m.kind].event && m.hidden !== true;

export function MessageList(props: {
  ui: Ui;
  state: RoomState;
  actions: RoomActionOptions;
  /** The read mark when the room was opened, if it had unread messages then. */
  unreadAfter: number | null;
  /** The message the room was opened at (`?at=<seq>`), or null. */
  at: number | null;
}) {
  const { ui, state } = props;
  const { store, t } = ui;
  const roomId = state.entry.id;
  const list = useRef<HTMLDivElement>(null);
  const top = useRef<HTMLLIElement>(null);
  const bottom = useRef<HTMLLIElement>(null);
  const jump = useJump(ui, state, props.at, props.actions.say);
  const { window } = jump;
  const first = jump.messages[0]?.seq ?? 0;
  const newest = jump.messages.at(-1)?.seq ?? 0;
  const loadOlder = () =>
    void (window ? store.jumps.older(roomId) : store.loadOlder(roomId)).catch(() => undefined);
  const loadNewer = () => void store.jumps.newer(roomId).catch(() => undefined);

  // Scrolling to the top loads the page before; in a window, to the bottom the page after.
  useEffect(() => {
    const root = list.current;
    if (!root || jump.opening) return; // nothing to page from until the window comes
    const observer = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          if (!e.isIntersecting) continue;
          if (e.target === top.current) loadOlder();
          else loadNewer();
        }
      },
      { root },
    );
    if (top.current) observer.observe(top.current);
    if (bottom.current) observer.observe(bottom.current);
    return () => observer.disconnect();
  }, [store, roomId, first, newest, window !== null, jump.opening]);

  const me = store.me.user.id;
  const members = state.members ?? [];
  const peer = store.peerOf(state.entry);
  const peerMember = peer ? members.find((m) => m.userId === peer) : undefined;
  const mark = (message: ChatMessage): Mark | null => {
    if (!state.members) return null;
    if (ROOM_KINDS[state.entry.kind].deliveredMarks) {
      if (message.senderId !== me || !peerMember) return null;
      if (peerMember.readSeq >= message.seq) return { text: t("read") };
      return { text: peerMember.receivedSeq >= message.seq ? t("delivered") : t("sent") };
    }
    const count = unreadBy(members, message.seq);
    return count > 0 ? { text: String(count), label: t("unreadBy", { count }) } : null;
  };
  const queued = store.outgoing.pending.filter((p) => p.roomId === roomId);
  const messages = withQueuedChanges(jump.messages, queued, me).filter(shownKinds);
  const inRun = new Set(state.messages.map((m) => m.clientMsgId));
  // What is on its way shows at the live end, not under a window of older messages.
  const atEnd = (item: { roomId: string; clientMsgId?: string | undefined }) =>
    window === null && item.roomId === roomId && !inRun.has(item.clientMsgId);
  const sent = withQueuedChanges(
    [...store.outgoing.sent.values()].filter(atEnd),
    queued,
    me,
  ).filter(shownKinds);
  // A queued change is no message of its own: it shows on the message it changes.
  const pending = queued.filter((p) => !isChange(p) && atEnd(p));
  const failed = store.outgoing.failed.filter(atEnd);
  const waiting = store.status !== "online";
  // In a group, messages of users the viewer blocked show collapsed, with no actions.
  const hideBlocked = state.entry.kind === "group";
  const collapsed = (m: ChatMessage) => hideBlocked && store.safety.isBlocked(m.senderId);
  const actions = useRoomActions(
    ui,
    [...messages, ...sent].filter((m) => !collapsed(m)),
    props.actions,
  );
  const canReact = props.actions.context.canWrite;

  const scroll = useTimelineScroll({
    list,
    first,
    newest,
    sending: pending.at(-1)?.clientMsgId ?? null,
    live: window === null,
    target: jump.target,
  });
  const newBelow =
    scroll.atBottom || window
      ? 0
      : messages.filter((m) => m.seq > scroll.seen && countsAsUnread(m, me)).length;
  const toLatest = () => {
    scroll.toLatest();
    store.jumps.leave(roomId);
    navigate(`/rooms/${encodeURIComponent(roomId)}`, true);
  };
  // Sending from a window goes to the newest messages, where it shows.
  const sending = queued.filter((p) => !isChange(p) && !inRun.has(p.clientMsgId)).at(-1);
  const sendingBefore = useRef(sending?.clientMsgId);
  useEffect(() => {
    if (window && sending && sending.clientMsgId !== sendingBefore.current) toLatest();
    sendingBefore.current = sending?.clientMsgId;
  }, [sending?.clientMsgId]);

  // Held messages, then stored ones of mine not in the run yet (marked sent).
  const held = new Set(messages);
  const shown = [...messages, ...sent];
  const marks = new Map(shown.map((m) => [m, held.has(m) ? mark(m) : { text: t("sent") }]));
  const rows = layoutTimeline(shown, {
    me,
    unreadAfter: props.unreadAfter,
    marks: shown.map((m) => marks.get(m)?.text ?? null),
    key: (m) => (held.has(m) ? String(m.seq) : (m.clientMsgId ?? `sent-${m.seq}`)),
  });
  const now = Date.now();
  const locale = dateLocale(ui.lang, navigator.languages);
  const days = { today: t("today"), yesterday: t("yesterday") };
  const row = (r: Row) => {
    switch (r.type) {
      case "day":
        return (
          <li key={r.key} class="day">
            <span>{dayLabel(r.at, now, days, locale)}</span>
          </li>
        );
      case "unread":
        return (
          <li key={r.key} class="unread-divider">
            <span>{t("unreadDivider")}</span>
          </li>
        );
      case "message":
        return (
          <MessageItem
            key={r.key}
            ui={ui}
            message={r.message}
            runStart={r.runStart}
            runEnd={r.runEnd}
            showSender={r.runStart && state.entry.kind !== "direct"}
            mark={r.showMark ? (marks.get(r.message) ?? null) : null}
            actions={collapsed(r.message) ? undefined : actions.controlFor(r.message)}
            canReact={canReact}
            hideBlocked={hideBlocked}
          />
        );
    }
  };

  return (
    <div class="timeline">
      {/* A scrolling region is focusable so the keyboard can scroll it. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: scrollable regions need focus */}
      <div class="messages" ref={list} role="log" aria-label={t("messages")} tabIndex={0}>
        {/* The arrow keys move among the messages (see message-actions.tsx). */}
        <ol onKeyDown={moveAmongMessages}>
          <li ref={top} class="system">
            {jump.opening ? (
              t("working")
            ) : window ? (
              window.hasMoreBefore ? (
                <PageButton
                  label={t("loadEarlier")}
                  busy={store.jumps.loading(roomId, "older")}
                  t={t}
                  onClick={loadOlder}
                />
              ) : (
                t("beginning")
              )
            ) : state.entry.membership === "left" ? null : hasOlder(state.messages) ? (
              <PageButton
                label={t("loadEarlier")}
                busy={state.loadingOlder}
                t={t}
                onClick={loadOlder}
              />
            ) : state.messages.length > 0 ? (
              t("beginning")
            ) : null}
          </li>
          {rows.map(row)}
          {pending.map((item) => (
            <OutgoingItem
              key={item.clientMsgId}
              ui={ui}
              roomId={roomId}
              replyTo={item.replyTo}
              body={item.body}
              files={item.files}
              state={waiting || item.attempts > 1 ? "retrying" : "sending"}
              onCancelFile={(key) => store.cancelFile(item.clientMsgId, key)}
            />
          ))}
          {failed.map((item) => (
            <OutgoingItem
              key={item.clientMsgId}
              ui={ui}
              roomId={roomId}
              replyTo={item.replyTo}
              body={item.body}
              files={item.files}
              state={{ failed: refusalText(t, item.code) }}
              onRetry={() => store.retry(item.clientMsgId)}
              onDiscard={() => store.discard(item.clientMsgId)}
            />
          ))}
          {window && (
            <li ref={bottom} class="system load-newer">
              <PageButton
                label={t("loadNewer")}
                busy={store.jumps.loading(roomId, "newer")}
                t={t}
                onClick={loadNewer}
              />
            </li>
          )}
        </ol>
      </div>
      {window && (
        <button type="button" class="new-below" onClick={toLatest}>
          <span aria-hidden="true">↓</span>
          {t("jumpToLatest")}
        </button>
      )}
      {newBelow > 0 && (
        <button type="button" class="new-below" onClick={scroll.toBottom}>
          <span aria-hidden="true">↓</span>
          {t("newBelow", { count: newBelow })}
        </button>
      )}
    </div>
  );
}

/** Loads a page more at one end of the timeline; "One moment…" while it comes. */
function PageButton(props: { label: string; busy: boolean; t: Ui["t"]; onClick: () => void }) {
  return (
    <button type="button" class="link" disabled={props.busy} onClick={props.onClick}>
      {props.busy ? props.t("working") : props.label}
    </button>
  );
}
