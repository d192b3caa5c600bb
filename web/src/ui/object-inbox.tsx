/**
 * The owner's inbox by object: each object of theirs with chats, its card, how many chats
 * and how many unread messages (`GET /api/rooms/objects`); one object opened lists its chats
 * (`GET /api/rooms?object=`), which then stay current like the inbox's own rows.
 */
import { useEffect, useState } from "preact/hooks";
import type { ObjectInboxGroup } from "../../../src/protocol";
import { byActivity, listed } from "../state/inbox";
import { CardHeader, ErrorLine } from "./card";
import type { Ui } from "./describe";
import { onLink } from "./hooks";
import { CardAvatar } from "./object-card";
import { statusText } from "./object-words";
import { useAction } from "./room-info";
import { RoomRow, UnreadBadge } from "./room-row";

export const byObjectPath = (objectId: string) => `/by-object/${encodeURIComponent(objectId)}`;

export function ObjectGroups(props: { ui: Ui }) {
  const { ui } = props;
  const { store, t } = ui;
  const [groups, setGroups] = useState<ObjectInboxGroup[] | null>(null);
  const [error, run] = useAction(t);
  useEffect(() => {
    const load = () => void run(async () => setGroups(await store.api.objectGroups()));
    load();
    // A new message changes a group's unread count and order.
    return store.onArrival(load);
  }, [store]);
  return (
    <section class="card" aria-labelledby="groups-title">
      <CardHeader ui={ui} back="/" titleId="groups-title" title={t("byObject")} />
      <ErrorLine error={error} />
      {groups === null ? (
        <p>{t("working")}</p>
      ) : groups.length === 0 ? (
        <p>{t("noObjectChats")}</p>
      ) : (
        <ul class="rooms">
          {groups.map((group) => (
            <GroupRow key={group.card.id} ui={ui} group={group} />
          ))}
        </ul>
      )}
    </section>
  );
}

function GroupRow(props: { ui: Ui; group: ObjectInboxGroup }) {
  const { ui, group } = props;
  const { t } = ui;
  const { card } = group;
  return (
    <li>
      <a href={byObjectPath(card.id)} onClick={onLink} class="room">
        <CardAvatar ui={ui} card={card} />
        <span class="grow summary">
          <span class="title">
            {card.title}
            <span class="tag object-status">{statusText(t, card)}</span>
          </span>
          <span class="preview">
            {group.chats === 1 ? t("oneChat") : t("chatCount", { count: group.chats })}
          </span>
        </span>
        <span class="meta">
          <UnreadBadge ui={ui} count={group.unreadCount} />
        </span>
      </a>
    </li>
  );
}

/** The chats about one object: fetched a page at a time, shown from what the store holds. */
export function ObjectChats(props: { ui: Ui; objectId: string }) {
  const { ui, objectId } = props;
  const { store, t } = ui;
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, run] = useAction(t);
  const load = (from: string | null) => {
    setLoading(true);
    void run(async () => {
      const page = await store.api.inbox({ object: objectId, cursor: from });
      store.tookRooms(page);
      setCursor(page.nextCursor);
    }).finally(() => setLoading(false));
  };
  useEffect(() => load(null), [store, objectId]);
  // Every chat held about it, so one that starts while this is open shows too.
  const rooms = [...store.rooms.values()]
    .filter((s) => s.entry.card?.id === objectId && listed(s.entry))
    .sort((a, b) => byActivity(a.entry, b.entry));
  const title = rooms[0]?.entry.card?.title ?? t("chatsAbout");
  return (
    <section class="card" aria-labelledby="object-chats-title">
      <CardHeader ui={ui} back="/by-object" titleId="object-chats-title" title={title} />
      <ErrorLine error={error} />
      {rooms.length === 0 ? (
        <p>{loading ? t("working") : t("noRooms")}</p>
      ) : (
        <ul class="rooms">
          {rooms.map((state) => (
            <RoomRow key={state.entry.id} ui={ui} state={state} />
          ))}
        </ul>
      )}
      {cursor !== null && (
        <button type="button" class="link" disabled={loading} onClick={() => load(cursor)}>
          {loading ? t("working") : t("moreRooms")}
        </button>
      )}
    </section>
  );
}
