/**
 * A room's messages as shown: the run held with the user's queued changes applied (an edit,
 * a delete or a reaction shows at once), events left out (they show on what they change),
 * then what is still being sent or was refused. Older pages load as it scrolls up; the
 * reader's place is kept; each message has its actions menu, the arrow keys moving among
 * them.
 */
import { useEffect, useLayoutEffect, useRef } from "preact/hooks";
import { unreadBy } from "../../../src/client";
import { type ChatMessage, MESSAGE_KIND_RULES, ROOM_KINDS } from "../../../src/protocol";
import { isChange, withQueuedChanges } from "../state/pending-changes";
import { refusalText } from "../state/refusals";
import type { RoomState } from "../state/room-state";
import { hasOlder } from "../state/timeline";
import type { Ui } from "./describe";
import { moveAmongMessages } from "./message-actions";
import { type Mark, MessageItem, OutgoingItem } from "./message-item";
import { type RoomActionOptions, useRoomActions } from "./use-room-actions";

/**
 * The messages a list shows: not the events, which show on the messages they change, nor
 * those the user deleted for themselves.
 */
const shownKinds = (m: ChatMessage) => !MESSAGE_KIND_RULES[m.kind].event && m.hidden !== true;

export function MessageList(props: { ui: Ui; state: RoomState; actions: RoomActionOptions }) {
  const { ui, state } = props;
  const { store, t } = ui;
  const roomId = state.entry.id;
  const list = useRef<HTMLDivElement>(null);
  const top = useRef<HTMLLIElement>(null);
  const before = useRef({ height: 0, top: 0, atBottom: true, first: 0 });
  const first = state.messages[0]?.seq ?? 0;

  // Keep the reader's place: pinned to the bottom for new messages, steady when older
  // messages are added above.
  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    const prev = before.current;
    if (prev.first !== 0 && first < prev.first) {
      el.scrollTop = el.scrollHeight - prev.height + prev.top;
    } else if (prev.atBottom) {
      el.scrollTop = el.scrollHeight;
    }
    const remember = () => {
      before.current = {
        height: el.scrollHeight,
        top: el.scrollTop,
        atBottom: el.scrollHeight - el.scrollTop - el.clientHeight < 48,
        first,
      };
    };
    remember();
    el.addEventListener("scroll", remember, { passive: true });
    return () => el.removeEventListener("scroll", remember);
  });

  // Scrolling to the top loads the page before.
  useEffect(() => {
    const sentinel = top.current;
    if (!sentinel || !list.current) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting))
          void store.loadOlder(roomId).catch(() => undefined);
      },
      { root: list.current },
    );
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [store, roomId, first]);

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
  const messages = withQueuedChanges(state.messages, queued, me).filter(shownKinds);
  const inRun = new Set(state.messages.map((m) => m.clientMsgId));
  const sent = withQueuedChanges(
    [...store.outgoing.sent.values()].filter(
      (m) => m.roomId === roomId && !inRun.has(m.clientMsgId),
    ),
    queued,
    me,
  ).filter(shownKinds);
  // A queued change is no message of its own: it shows on the message it changes.
  const pending = queued.filter((p) => !isChange(p) && !inRun.has(p.clientMsgId));
  const failed = store.outgoing.failed.filter(
    (f) => f.roomId === roomId && !inRun.has(f.clientMsgId),
  );
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
  /** A message of the run (`previous` before it), or a stored one of mine not in it yet. */
  const item = (message: ChatMessage, previous: ChatMessage | undefined, held: boolean) => {
    const starts = held && previous?.senderId !== message.senderId;
    return (
      <MessageItem
        key={held ? message.seq : message.clientMsgId}
        ui={ui}
        message={message}
        runStart={starts}
        showSender={starts && state.entry.kind !== "direct"}
        mark={held ? mark(message) : { text: t("sent") }}
        actions={collapsed(message) ? undefined : actions.controlFor(message)}
        canReact={canReact}
        hideBlocked={hideBlocked}
      />
    );
  };

  return (
    // A scrolling region is focusable so the keyboard can scroll it.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: scrollable regions need focus
    <div class="messages" ref={list} role="log" aria-label={t("messages")} tabIndex={0}>
      {/* The arrow keys move among the messages (see message-actions.tsx). */}
      <ol onKeyDown={moveAmongMessages}>
        <li ref={top} class="system">
          {state.entry.membership === "left" ? null : hasOlder(state.messages) ? (
            <button
              type="button"
              class="link"
              disabled={state.loadingOlder}
              onClick={() => void store.loadOlder(roomId).catch(() => undefined)}
            >
              {state.loadingOlder ? t("working") : t("loadEarlier")}
            </button>
          ) : state.messages.length > 0 ? (
            t("beginning")
          ) : null}
        </li>
        {messages.map((message, i) => item(message, messages[i - 1], true))}
        {sent.map((message) => item(message, undefined, false))}
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
      </ol>
    </div>
  );
}
