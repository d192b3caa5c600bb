/**
 * The inbox: rooms by latest activity, with badges, the last message and presence. Older
 * rooms load a page at a time when the end of the list comes into view.
 */
import { useEffect, useRef } from "preact/hooks";
import { formatTime } from "../i18n";
import { messageText, nameOf, type Ui } from "./describe";
import { onLink } from "./hooks";

export function Inbox(props: { ui: Ui }) {
  const { ui } = props;
  const { store, t } = ui;
  const rooms = store.inbox();
  return (
    <section class="card" aria-labelledby="inbox-title">
      <div class="row">
        <h2 id="inbox-title" class="grow">
          {t("inbox")} · <span class="me">{store.me.user.displayName}</span>
        </h2>
        <a class="button" href="/new" onClick={onLink}>
          {t("newChat")}
        </a>
      </div>
      {rooms.length === 0 ? (
        <p>{store.status === "online" ? t("noRooms") : t("working")}</p>
      ) : (
        <ul class="rooms">
          {rooms.map(({ entry }) => {
            const peer = store.peerOf(entry);
            const online = peer !== null && store.signals.presence.get(peer)?.online === true;
            const last = entry.lastMessage;
            const title = store.titleOf(entry);
            return (
              <li key={entry.id}>
                <a href={`/rooms/${encodeURIComponent(entry.id)}`} onClick={onLink} class="room">
                  <span class="avatar" aria-hidden="true">
                    {[...title][0] ?? "?"}
                    {online && <span class="dot" />}
                  </span>
                  <span class="grow summary">
                    <span class="title">
                      {title}
                      {online && <span class="visually-hidden"> ({t("online")})</span>}
                      {entry.muted && <span class="tag">{t("muted")}</span>}
                      {entry.membership === "left" && <span class="tag">{t("leftTag")}</span>}
                    </span>
                    <span class="preview">
                      {last
                        ? `${last.kind === "text" && entry.kind !== "direct" ? `${nameOf(ui, last.senderId)}: ` : ""}${messageText(ui, last)}`
                        : ""}
                    </span>
                  </span>
                  <span class="meta">
                    <time dateTime={new Date(entry.lastActivityAt).toISOString()}>
                      {formatTime(ui.lang, entry.lastActivityAt)}
                    </time>
                    {entry.unreadCount > 0 && (
                      <span class="badge">
                        <span aria-hidden="true">{entry.unreadCount}</span>
                        <span class="visually-hidden">
                          {t("unread", { count: entry.unreadCount })}
                        </span>
                      </span>
                    )}
                  </span>
                </a>
              </li>
            );
          })}
        </ul>
      )}
      {store.list.paging.cursor !== null && <MoreRooms ui={ui} />}
    </section>
  );
}

/** The end of a list with more pages: loads the next when it scrolls into view, or on a click. */
function MoreRooms(props: { ui: Ui }) {
  const { store, t } = props.ui;
  const button = useRef<HTMLButtonElement>(null);
  const loadMore = () => void store.loadMoreRooms().catch(() => undefined);
  useEffect(() => {
    const el = button.current;
    if (!el) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) loadMore();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [store, store.list.paging.cursor]);
  return (
    <button
      ref={button}
      type="button"
      class="link"
      disabled={store.list.paging.loading}
      onClick={loadMore}
    >
      {store.list.paging.loading ? t("working") : t("moreRooms")}
    </button>
  );
}
