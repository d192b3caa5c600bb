/**
 * One chat in a list (the inbox, the chats about one object): the other person's picture
 * (initials when none), or the object's photo,
 * title, tags, the last message (or the user's draft there), time and unread badge. An
 * object chat shows its card's status, and whom it is with; a chat a stranger started, that
 * it is a first chat. The chat open beside the list is marked current.
 */
import { formatTime } from "../i18n";
import type { RoomState } from "../state/room-state";
import { UserAvatar } from "./avatar";
import { messageText, nameOf, type Ui } from "./describe";
import { onLink } from "./hooks";
import { CardImage } from "./object-card";
import { statusText } from "./object-words";

export function RoomRow(props: {
  ui: Ui;
  state: RoomState;
  /** The chat shows beside the list (two panes). */
  current?: boolean;
}) {
  const { ui } = props;
  const { store, t } = ui;
  const { entry } = props.state;
  const peer = store.peerOf(entry);
  const online =
    entry.kind === "direct" && peer !== null && store.signals.presence.get(peer)?.online === true;
  const last = entry.lastMessage;
  const title = store.titleOf(entry);
  const card = entry.card;
  const draft = props.current ? "" : store.drafts.get(entry.id);
  return (
    <li>
      <a
        href={`/rooms/${encodeURIComponent(entry.id)}`}
        onClick={onLink}
        class={props.current ? "room current" : "room"}
        aria-current={props.current ? "page" : undefined}
        data-room={entry.id}
      >
        <UserAvatar
          ui={ui}
          userId={entry.kind === "direct" ? peer : null}
          name={title}
          colorKey={entry.id}
        >
          {card && <CardImage ui={ui} card={card} class="avatar-photo" />}
          {online && <span class="dot" />}
        </UserAvatar>
        <span class="grow summary">
          <span class="title">
            {title}
            {card && peer && <span class="with"> · {nameOf(ui, peer)}</span>}
            {online && <span class="visually-hidden"> ({t("online")})</span>}
            {card && <span class="tag object-status">{statusText(t, card)}</span>}
            {entry.stranger && entry.membership === "member" && (
              <span class="tag stranger">{t("strangerTag")}</span>
            )}
            {entry.muted && <span class="tag">{t("muted")}</span>}
            {entry.membership === "left" && <span class="tag">{t("leftTag")}</span>}
          </span>
          <span class="preview">
            {draft ? (
              <span class="draft-preview">{t("draft", { text: draft })}</span>
            ) : last ? (
              `${last.senderId && entry.kind === "group" ? `${nameOf(ui, last.senderId)}: ` : ""}${messageText(ui, last)}`
            ) : (
              ""
            )}
          </span>
        </span>
        <span class="meta">
          <time dateTime={new Date(entry.lastActivityAt).toISOString()}>
            {formatTime(ui.lang, entry.lastActivityAt)}
          </time>
          <UnreadBadge ui={ui} count={entry.unreadCount} />
        </span>
      </a>
    </li>
  );
}

/** A row's unread count, read out in words; nothing at zero. */
export function UnreadBadge(props: { ui: Ui; count: number }) {
  const { ui, count } = props;
  if (count <= 0) return null;
  return (
    <span class="badge">
      <span aria-hidden="true">{count}</span>
      <span class="visually-hidden">{ui.t("unread", { count })}</span>
    </span>
  );
}
