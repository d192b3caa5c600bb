/**
 * A room: its messages (message-list.tsx), who is typing, and the composer; files dropped
 * anywhere on it are attached. A message's actions may put it in the composer to edit, or
 * ask first (delete) or for more (report) in a dialog over the room. With a block between
 * the two of a direct or object chat, a note takes the composer's place; in one a stranger
 * started, a note above the messages says so, with Block and Report. Opening it watches the
 * room's live signals and marks it read (the store keeps where the unread messages began,
 * for the timeline's divider), and puts the focus in the composer; Esc, when nothing open
 * takes it (a menu, a dialog, an edit or a reply being cancelled), goes back to the chat
 * list. Its header is one row: on a phone, the only one above the messages.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { type ChatMessage, mayIn } from "../../../src/protocol";
import { objectAsker } from "../state/cards";
import { deletableForEveryone } from "../state/message-actions";
import { changeRefusalText } from "../state/refusals";
import { UserAvatar } from "./avatar";
import { BlockedNote } from "./blocked-note";
import { Composer } from "./composer";
import { DeleteDialog } from "./delete-dialog";
import { nameOf, presenceText, type Ui } from "./describe";
import { onLink, useQuery } from "./hooks";
import { backToList, returnFrom } from "./list-focus";
import { ACTIONS_HINT } from "./message-actions";
import { MessageList } from "./message-list";
import { RoomCard } from "./object-card";
import { readOnlyReason } from "./object-words";
import { ReportDialog } from "./report-dialog";
import { SearchIcon } from "./search-icon";
import { StrangerNote } from "./stranger-note";
import { type RoomDialog, useNotice } from "./use-room-actions";

/** Whether the key press is an Esc nothing else took: no menu, dialog, edit or reply had it. */
function freeEscape(e: KeyboardEvent): boolean {
  if (e.key !== "Escape" || e.defaultPrevented || e.isComposing) return false;
  if (document.querySelector("dialog[open]")) return false;
  const at = e.target instanceof Element ? e.target : null;
  return !at?.closest('[role="menu"], dialog, select');
}

/** A touch screen's keyboard would cover the messages: the composer is focused on a tap. */
const touchOnly = () =>
  matchMedia("(pointer: coarse)").matches && !matchMedia("(pointer: fine)").matches;

export function RoomScreen(props: { ui: Ui; roomId: string; wide: boolean }) {
  const { ui, roomId, wide } = props;
  const { store, t } = ui;
  const at = seqParam(useQuery().get("at"));
  useEffect(() => {
    store.safety.forget(roomId); // a refusal for a block is asked again when it is opened
    void store.openRoom(roomId).catch(() => undefined);
    const visible = () => store.markRead(roomId);
    document.addEventListener("visibilitychange", visible);
    return () => {
      document.removeEventListener("visibilitychange", visible);
      store.closeRoom(roomId);
    };
  }, [store, roomId]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!freeEscape(e)) return;
      e.preventDefault();
      backToList(roomId, wide);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [roomId, wide]);
  const attach = useRef<((files: File[]) => void) | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  // The composer has the focus once it shows (the room may first wait for its details).
  const focused = useRef(false);
  useEffect(() => {
    if (focused.current || !field.current) return;
    focused.current = true;
    if (!touchOnly()) field.current.focus({ preventScroll: true });
  });
  const [notice, say] = useNotice();
  const [dropping, setDropping] = useState(false);
  const [editing, setEditing] = useState<ChatMessage | null>(null);
  const [dialog, setDialog] = useState<RoomDialog | null>(null);
  // Changes the server refused (an edit past its window, say): told once each.
  const refusals = store.outgoing.changeRefusals.filter((r) => r.roomId === roomId).length;
  useEffect(() => {
    for (const r of store.outgoing.takeChangeRefusals(roomId)) {
      say(changeRefusalText(t, r.change, r.code));
    }
  }, [refusals]);
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
  const member = entry.membership === "member";
  // A block between the two: the user's own, or one the server refused a message for.
  const blockedPeer = peer !== null && store.safety.isBlocked(peer);
  const blocked = blockedPeer || store.safety.refusedIn(roomId);
  const canWrite = member && readOnly === null && !blocked;
  const role = state.members?.find((m) => m.userId === store.me.user.id)?.role ?? "member";
  const actions = {
    context: { canWrite, member, deleteAny: mayIn(entry.kind, role, "deleteAny") },
    composer: field,
    say,
    edit: setEditing,
    ask: setDialog,
  };
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
        {!wide && (
          <a
            href="/"
            onClick={(e) => {
              returnFrom(roomId);
              onLink(e);
            }}
            class="button secondary"
            aria-label={t("back")}
          >
            ←
          </a>
        )}
        <UserAvatar
          ui={ui}
          userId={entry.kind === "direct" ? peer : null}
          name={store.titleOf(entry)}
          colorKey={roomId}
        />
        <div class="grow room-name">
          <h2 id="room-title">{store.titleOf(entry)}</h2>
          <p class="subtitle">
            {!wide && store.status !== "online" ? (
              <span class="status">
                {store.status === "connecting" ? t("connecting") : t("offline")}
              </span>
            ) : null}
            {subtitle}
          </p>
        </div>
        <a
          href={`/rooms/${encodeURIComponent(roomId)}/search`}
          onClick={onLink}
          class="button secondary icon-link"
          title={t("searchInChat")}
        >
          <SearchIcon />
          <span class="visually-hidden">{t("searchInChat")}</span>
        </a>
        <a
          href={`/rooms/${encodeURIComponent(roomId)}/info`}
          onClick={onLink}
          class="button secondary info-link"
          title={t("roomInfo")}
        >
          <span class="info-icon" aria-hidden="true">
            i
          </span>
          <span class="visually-hidden">{t("roomInfo")}</span>
        </a>
      </header>
      {entry.card && <RoomCard ui={ui} roomId={roomId} card={entry.card} />}
      {entry.stranger && peer && member && !blocked && (
        <StrangerNote ui={ui} roomId={roomId} peer={peer} say={say} />
      )}
      <MessageList
        ui={ui}
        state={state}
        actions={actions}
        unreadAfter={store.unreadAfter(roomId)}
        at={at}
      />
      <p id={ACTIONS_HINT} class="visually-hidden">
        {t("actionsHint")}
      </p>
      <p class="toast" role="status">
        {notice}
      </p>
      <p class="typing" aria-live="polite">
        {typers.length > 0
          ? t("typing", {
              name: new Intl.ListFormat(ui.lang).format(typers.map((id) => nameOf(ui, id))),
              count: typers.length,
            })
          : ""}
      </p>
      {!member ? (
        <p class="notice">{t("youLeft")}</p>
      ) : blocked ? (
        <BlockedNote ui={ui} roomId={roomId} peer={blockedPeer ? peer : null} />
      ) : (
        <Composer
          ui={ui}
          roomId={roomId}
          readOnly={readOnly}
          attach={attach}
          field={field}
          editing={editing}
          onEditDone={() => setEditing(null)}
        />
      )}
      {dialog?.kind === "delete" && (
        <DeleteDialog
          ui={ui}
          roomId={roomId}
          message={dialog.message}
          forEveryone={deletableForEveryone(dialog.message, {
            ...actions.context,
            me: store.me.user.id,
            now: Date.now(),
          })}
          say={say}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "report" && (
        <ReportDialog
          ui={ui}
          title={t("reportMessage")}
          subject={{ kind: "message", roomId, seq: dialog.message.seq }}
          onClose={(sent) => {
            setDialog(null);
            if (sent) say(t("reportSent"));
          }}
        />
      )}
    </section>
  );
}

/** A seq from the address (`?at=12`), or null when there is none or it is no seq. */
function seqParam(value: string | null): number | null {
  if (value === null || !/^\d{1,15}$/.test(value)) return null;
  const seq = Number(value);
  return seq >= 1 ? seq : null;
}
