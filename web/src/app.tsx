/**
 * The app shell: signed out, the sign-in and sign-up form; signed in, the chat screens,
 * routed by path. Every name, title and message is rendered as text (JSX escapes it), never
 * as HTML.
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import { PushApi, type SessionEnd } from "../../src/client";
import type { AuthResult } from "../../src/protocol";
import { type Lang, translator } from "./i18n";
import { initialLang, saveLang } from "./lang";
import { Attention } from "./notify/attention";
import { keepSubscribed } from "./notify/device";
import { onWorkerMessage } from "./notify/worker-link";
import { createApi } from "./session";
import { ChatStore } from "./state/chat-store";
import { AuthForm } from "./ui/auth-form";
import { Banner } from "./ui/banner";
import type { Ui } from "./ui/describe";
import { navigate, onLink, usePath, useStore } from "./ui/hooks";
import { Inbox } from "./ui/inbox";
import { NewChat } from "./ui/new-chat";
import { objectScreen } from "./ui/object-routes";
import { linkedUsername, OpenUser } from "./ui/open-user";
import { Panes, useWide } from "./ui/panes";
import { Profile } from "./ui/profile";
import { RoomScreen } from "./ui/room";
import { RoomInfo } from "./ui/room-info";
import { SearchScreen } from "./ui/search";
import { SearchIcon } from "./ui/search-icon";

/** `/rooms/<id>`, `/rooms/<id>/info` and `/rooms/<id>/search`. */
const ROOM_PATH = /^\/rooms\/([^/]+)(\/info|\/search)?$/;

export function App() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const [session, setSession] = useState<AuthResult | null>(null);
  const [ended, setEnded] = useState<SessionEnd | undefined>(undefined);
  const api = useMemo(
    () =>
      createApi((next, why) => {
        setSession(next);
        setEnded(next ? undefined : why);
      }),
    [],
  );
  useEffect(() => setSession(api.session), [api]);
  useEffect(() => saveLang(lang), [lang]);
  const userId = session?.user.id ?? null;
  // One store per signed-in user; a new account on this browser starts its own.
  const store = useMemo(
    () => (userId && api.session ? new ChatStore(api, api.session) : null),
    [api, userId],
  );
  useEffect(() => {
    if (!store) return;
    void store.start();
    void keepSubscribed(new PushApi(store.http)).catch(() => undefined);
    return () => void store.stop();
  }, [store]);
  useStore(store);
  const t = translator(lang);
  // A notification was clicked: show its room here.
  useEffect(() => onWorkerMessage((message) => navigate(message.url)), []);
  const attention = useMemo(() => (store ? new Attention({ store, t, lang }) : null), [store]);
  useEffect(() => {
    if (!attention) return;
    attention.start();
    return () => attention.stop();
  }, [attention]);
  useEffect(() => attention?.speak(translator(lang), lang), [attention, lang]);
  const status = store?.status ?? "offline";
  const path = usePath();
  const wide = useWide();
  // On a phone a room's own header is the only row above it (room.tsx shows the connection).
  const room = ROOM_PATH.exec(path);
  const roomAlone = store !== null && !wide && room !== null && room[2] === undefined;
  return (
    <div class="app">
      <header class="bar" hidden={roomAlone}>
        <h1>
          <a href="/" onClick={onLink}>
            {t("appName")}
          </a>
        </h1>
        {store && (
          <span class={`status ${status}`} role="status" aria-label={t("connection")}>
            <span class="status-text">
              {status === "online"
                ? t("online")
                : status === "connecting"
                  ? t("connecting")
                  : t("offline")}
            </span>
          </span>
        )}
        <label class="lang">
          <span class="visually-hidden">{t("language")}</span>
          <select value={lang} onChange={(e) => setLang(e.currentTarget.value as Lang)}>
            <option value="ko">한국어</option>
            <option value="en">English</option>
          </select>
        </label>
        {store && (
          <a href="/search" onClick={onLink} class="button secondary icon-link" title={t("search")}>
            <SearchIcon />
            <span class="visually-hidden">{t("search")}</span>
          </a>
        )}
        {store && (
          <a href="/profile" onClick={onLink} class="button secondary">
            {t("profile")}
          </a>
        )}
      </header>
      {store && attention && <Banner ui={{ store, t, lang }} attention={attention} />}
      <main>
        {store ? (
          <Screens
            ui={{ store, t, lang }}
            path={path}
            wide={wide}
            onSignOut={() => {
              void store.signOut().then(() => navigate("/", true));
            }}
          />
        ) : (
          <AuthForm t={t} api={api} ended={ended} />
        )}
      </main>
    </div>
  );
}

function Screens(props: { ui: Ui; path: string; wide: boolean; onSignOut: () => void }) {
  const { ui, path } = props;
  const room = ROOM_PATH.exec(path);
  const roomId = room?.[1] ? decodeURIComponent(room[1]) : null;
  // The chats' screens, beside the list on a wide window.
  const chats =
    roomId !== null ? (
      room?.[2] === "/search" ? (
        <SearchScreen key={roomId} ui={ui} roomId={roomId} />
      ) : room?.[2] ? (
        <RoomInfo key={roomId} ui={ui} roomId={roomId} />
      ) : (
        <RoomScreen key={roomId} ui={ui} roomId={roomId} wide={props.wide} />
      )
    ) : path === "/new" ? (
      <NewChat ui={ui} />
    ) : path === "/search" ? (
      <SearchScreen ui={ui} roomId={null} />
    ) : null;
  if (props.wide && (chats || path === "/")) {
    return (
      <Panes ui={ui} current={roomId}>
        {chats}
      </Panes>
    );
  }
  if (chats) return chats;
  const object = objectScreen(ui, path);
  if (object) return object;
  if (path === "/profile") return <Profile ui={ui} onSignOut={props.onSignOut} />;
  const username = linkedUsername(path);
  if (username !== null) return <OpenUser key={username} ui={ui} username={username} />;
  return <Inbox ui={ui} />;
}
