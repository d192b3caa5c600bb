/**
 * Searching messages: across all the user's chats (`/search?q=…`) or within one
 * (`/rooms/<id>/search?q=…`). The query lives in the address, so back and reload keep it.
 * Each result is a link that opens its room at the message (`/rooms/<id>?at=<seq>`): the
 * snippet with the matches in `<mark>` (text, never HTML), the chat's name (across chats),
 * the sender and the time. More results come by "More results".
 */
import { useEffect, useMemo, useReducer } from "preact/hooks";
import { SearchApi } from "../../../src/client";
import type { SearchHit } from "../../../src/protocol";
import { errorText } from "../state/error-text";
import { Search, snippetParts } from "../state/search";
import { CardHeader } from "./card";
import { nameOf, type Ui } from "./describe";
import { navigate, onLink, useQuery } from "./hooks";

export function SearchScreen(props: { ui: Ui; roomId: string | null }) {
  const { ui, roomId } = props;
  const { store, t } = ui;
  const q = (useQuery().get("q") ?? "").trim();
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const api = useMemo(() => new SearchApi(store.http), [store]);
  const search = useMemo(
    () => (q ? new Search(api, q, roomId, () => bump(1)) : null),
    [api, q, roomId],
  );
  useEffect(() => {
    if (!search) return;
    void search.next();
    return () => search.stop();
  }, [search]);
  const view = search?.state;
  useEffect(() => {
    if (view) store.people.want(view.results.map((r) => r.message.senderId));
  }, [view?.results.length]);

  const base = roomId ? `/rooms/${encodeURIComponent(roomId)}` : "/";
  const here = roomId ? `${base}/search` : "/search";
  const entry = roomId ? store.rooms.get(roomId)?.entry : undefined;
  const title = roomId
    ? t("searchInNamed", { name: entry ? store.titleOf(entry) : t("searchSomeChat") })
    : t("searchTitle");
  return (
    <section class="card search-screen" aria-labelledby="search-title">
      <CardHeader ui={ui} back={base} titleId="search-title" title={title} />
      <search>
        <form
          class="row"
          onSubmit={(e) => {
            e.preventDefault();
            const data = new FormData(e.currentTarget);
            const words = String(data.get("q") ?? "").trim();
            navigate(words ? `${here}?q=${encodeURIComponent(words)}` : here, true);
          }}
        >
          <label class="grow">
            <span class="visually-hidden">{t("searchLabel")}</span>
            <input
              key={q}
              type="search"
              name="q"
              defaultValue={q}
              maxLength={100}
              placeholder={t("searchLabel")}
              autocomplete="off"
              // biome-ignore lint/a11y/noAutofocus: the screen is for typing a query
              autoFocus={!q}
            />
          </label>
          <button type="submit">{t("searchButton")}</button>
        </form>
      </search>
      <p class="search-status" role="status">
        {!view
          ? ""
          : view.loading && view.results.length === 0
            ? t("working")
            : view.done && !view.more && view.results.length === 0 && !view.error
              ? t("noResults", { q })
              : view.results.length > 0
                ? t("resultCount", { count: view.results.length })
                : ""}
      </p>
      {view?.error ? (
        <p class="error" role="alert">
          {errorText(t, view.error)}
        </p>
      ) : null}
      {view && view.results.length > 0 && (
        <ol class="search-results" aria-label={t("searchResults")}>
          {view.results.map((hit) => (
            <Result
              key={`${hit.message.roomId} ${hit.message.seq}`}
              ui={ui}
              hit={hit}
              showRoom={!roomId}
            />
          ))}
        </ol>
      )}
      {view?.more && (
        <button
          type="button"
          class="secondary"
          disabled={view.loading}
          onClick={() => void search?.next()}
        >
          {view.loading ? t("working") : t("moreResults")}
        </button>
      )}
    </section>
  );
}

function Result(props: { ui: Ui; hit: SearchHit; showRoom: boolean }) {
  const { ui, hit } = props;
  const { store, t } = ui;
  const { message } = hit;
  const entry = store.rooms.get(message.roomId)?.entry;
  const room = entry ? store.titleOf(entry) : t("searchSomeChat");
  const at = new Date(message.createdAt);
  return (
    <li>
      <a
        class="search-hit"
        href={`/rooms/${encodeURIComponent(message.roomId)}?at=${message.seq}`}
        onClick={onLink}
      >
        <span class="hit-head">
          {props.showRoom && <span class="hit-room">{room}</span>}
          <span class="hit-sender">{nameOf(ui, message.senderId)}</span>
          <time dateTime={at.toISOString()}>
            {new Intl.DateTimeFormat(ui.lang, { dateStyle: "medium", timeStyle: "short" }).format(
              at,
            )}
          </time>
        </span>
        <span class="hit-snippet">
          {snippetParts(hit.snippet, hit.highlights).map((part, i) =>
            part.mark ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
          )}
        </span>
      </a>
    </li>
  );
}
