/**
 * A room: its messages (older pages load as you scroll up; each with its actions menu, the
 * arrow keys moving among them), what is still being sent, who is typing, and the composer;
 * files dropped anywhere on it are attached. Opening it watches the room's live signals and
 * marks it read.
 */
import type { RefObject } from "preact";
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { unreadBy } from "../../../src/client";
import { type ChatMessage, ROOM_KINDS } from "../../../src/protocol";
import { objectAsker } from "../state/cards";
import type { RoomState } from "../state/room-state";
import { hasOlder } from "../state/timeline";
import { Composer } from "./composer";
import { nameOf, presenceText, type Ui } from "./describe";
import { onLink } from "./hooks";
import { ACTIONS_HINT, moveAmongMessages } from "./message-actions";
import { type Mark, MessageItem, OutgoingItem } from "./message-item";
import { RoomCard } from "./object-card";
import { readOnlyReason } from "./object-words";
import { useNotice, useRoomActions } from "./use-room-actions";

export function RoomScreen(props: { ui: Ui; roomId: string }) {
  const { ui, roomId } = props;
  const { store, t } = ui;
  useEffect(() => {
    void store.openRoom(roomId).catch(() => undefined);
    const visible = () => store.markRead(roomId);
    document.addEventListener("visibilitychange", visible);
    return () => {
      document.removeEventListener("visibilitychange", visible);
      store.closeRoom(roomId);
    };
  }, [store, roomId]);
  const attach = useRef<((files: File[]) => void) | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const [notice, say] = useNotice();
  const [dropping, setDropping] = useState(false);
  const state = store.rooms.get(roomId);
  if (!state) return <p class="card">{t("working")}</p>;
  const { entry } = state;
  const peer = store.peerOf(entry);
  const presence = peer ? presenceText(ui, store.signals.presence.get(peer)) : "";
  const subtitle =
    entry.kind === "object"
      ? [nameOf(ui, peer), presence].filter(Boolean).join(" · ")
      : peer
        ? presence
        : state.members
          ? t("memberCount", { count: state.members.length })
          : "";
  const asker = objectAsker(roomId);
  const readOnly = entry.card && asker ? readOnlyReason(t, entry.card, asker) : null;
  const typers = [...(store.signals.typing.get(roomId) ?? [])].filter(
    (id) => id !== store.me.user.id,
  );
  const canWrite = entry.membership === "member" && readOnly === null;
  const dragging = (e: DragEvent) => canWrite && e.dataTransfer?.types.includes("Files") === true;
  return (
    <section
      class={`room-screen${dropping ? " dropping" : ""}`}
      aria-labelledby="room-title"
      onDragOver={(e) => {
        if (!dragging(e)) return;
        e.preventDefault(); // lets it drop here
        setDropping(true);
      }}
      onDragLeave={(e) => {
        const to = e.relatedTarget as Node | null;
        if (!to || !e.currentTarget.contains(to)) setDropping(false);
      }}
      onDrop={(e) => {
        setDropping(false);
        const files = [...(e.dataTransfer?.files ?? [])];
        if (!canWrite || files.length === 0) return;
        e.preventDefault();
        attach.current?.(files);
      }}
    >
      <header class="row room-head">
        <a href="/" onClick={onLink} class="button secondary" aria-label={t("back")}>
          ←
        </a>
        <div class="grow">
          <h2 id="room-title">{store.titleOf(entry)}</h2>
          <p class="subtitle">{subtitle}</p>
        </div>
        <a
          href={`/rooms/${encodeURIComponent(roomId)}/info`}
          onClick={onLink}
          class="button secondary"
        >
          {t("roomInfo")}
        </a>
      </header>
      {entry.card && <RoomCard ui={ui} roomId={roomId} card={entry.card} />}
      <MessageList ui={ui} state={state} canWrite={canWrite} composer={field} say={say} />
      <p id={ACTIONS_HINT} class="visually-hidden">
        {t("actionsHint")}
      </p>
      <p class="toast" role="status">
        {notice}
      </p>
      <p class="typing" aria-live="polite">
        {typers.length > 0
          ? t("typing", { name: typers.map((id) => nameOf(ui, id)).join(", ") })
          : ""}
      </p>
      {entry.membership === "member" ? (
        <Composer ui={ui} roomId={roomId} readOnly={readOnly} attach={attach} field={field} />
      ) : (
        <p class="notice">{t("youLeft")}</p>
      )}
    </section>
  );
}

function MessageList(props: {
  ui: Ui;
  state: RoomState;
  canWrite: boolean;
  composer: RefObject<HTMLTextAreaElement | null>;
  /** Tells what an action did ("Copied."). */
  say: (notice: string) => void;
}) {
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
  const inRun = new Set(state.messages.map((m) => m.clientMsgId));
  const sent = [...store.outgoing.sent.values()].filter(
    (m) => m.roomId === roomId && !inRun.has(m.clientMsgId),
  );
  const pending = store.outgoing.pending.filter(
    (p) => p.roomId === roomId && !inRun.has(p.clientMsgId),
  );
  const failed = store.outgoing.failed.filter(
    (f) => f.roomId === roomId && !inRun.has(f.clientMsgId),
  );
  const waiting = store.status !== "online";
  const actions = useRoomActions(ui, [...state.messages, ...sent], props);

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
        {state.messages.map((message, i) => (
          <MessageItem
            key={message.seq}
            ui={ui}
            message={message}
            runStart={state.messages[i - 1]?.senderId !== message.senderId}
            showSender={
              state.entry.kind !== "direct" && state.messages[i - 1]?.senderId !== message.senderId
            }
            mark={mark(message)}
            actions={actions.controlFor(message)}
          />
        ))}
        {sent.map((message) => (
          <MessageItem
            key={message.clientMsgId}
            ui={ui}
            message={message}
            runStart={false}
            showSender={false}
            mark={{ text: t("sent") }}
            actions={actions.controlFor(message)}
          />
        ))}
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
            state={{ failed: item.reason }}
            onRetry={() => store.retry(item.clientMsgId)}
            onDiscard={() => store.discard(item.clientMsgId)}
          />
        ))}
      </ol>
    </div>
  );
}
