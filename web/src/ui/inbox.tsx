/**
 * The inbox: rooms by latest activity, with badges, the last message and presence. Older
 * rooms load a page at a time when the end of the list comes into view. Beside an open
 * room (two panes), that room's row is marked current. Empty, it says how to start a chat
 * and shows the user's own link.
 */
import { useEffect, useRef } from "preact/hooks";
import type { Ui } from "./describe";
import { onLink } from "./hooks";
import { focusOnReturn } from "./list-focus";
import { MyLink } from "./my-link";
import { RoomRow } from "./room-row";

export function Inbox(props: { ui: Ui; current?: string | null }) {
  const { ui } = props;
  const { store, t } = ui;
  const rooms = store.inbox();
  // Back from a room on a phone: its row has the focus.
  useEffect(focusOnReturn, []);
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
      <nav class="row wrap" aria-label={t("object")}>
        <a class="button secondary" href="/by-object" onClick={onLink}>
          {t("byObject")}
        </a>
        <a class="button secondary" href="/objects" onClick={onLink}>
          {t("myObjects")}
        </a>
      </nav>
      {rooms.length === 0 ? (
        store.status === "online" ? (
          <div class="empty-inbox">
            <p>{t("emptyInbox")}</p>
            <MyLink ui={ui} />
          </div>
        ) : (
          <p>{t("working")}</p>
        )
      ) : (
        <ul class="rooms">
          {rooms.map((state) => (
            <RoomRow
              key={state.entry.id}
              ui={ui}
              state={state}
              current={state.entry.id === props.current}
            />
          ))}
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
