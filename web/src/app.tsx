/**
 * The app shell: signed out, the sign-in and sign-up form; signed in, the inbox. Every
 * name, title and message is rendered as text (JSX escapes it), never as HTML.
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import { ChatApiError, RoomsApi } from "../../src/client";
import type { AuthResult, InboxEntry } from "../../src/protocol";
import { initialLang, type Lang, type StringKey, saveLang, translate } from "./i18n";
import { createApi } from "./session";

export function App() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const [session, setSession] = useState<AuthResult | null>(null);
  const api = useMemo(() => createApi(setSession), []);
  useEffect(() => setSession(api.session), [api]);
  useEffect(() => saveLang(lang), [lang]);
  const t = (key: StringKey) => translate(lang, key);
  return (
    <div class="app">
      <header class="bar">
        <h1>{t("appName")}</h1>
        <label class="lang">
          <span class="visually-hidden">{t("language")}</span>
          <select value={lang} onChange={(e) => setLang(e.currentTarget.value as Lang)}>
            <option value="ko">한국어</option>
            <option value="en">English</option>
          </select>
        </label>
        {session && (
          <button type="button" onClick={() => void api.signOut().catch(() => undefined)}>
            {t("signOut")}
          </button>
        )}
      </header>
      <main>
        {session ? (
          <Inbox rooms={new RoomsApi(api)} t={t} me={session} />
        ) : (
          <AuthForm t={t} api={api} />
        )}
      </main>
    </div>
  );
}

function AuthForm(props: { t: (k: StringKey) => string; api: ReturnType<typeof createApi> }) {
  const { t, api } = props;
  const [mode, setMode] = useState<"signIn" | "signUp">("signIn");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const username = String(form.get("username") ?? "");
    const password = String(form.get("password") ?? "");
    setBusy(true);
    setError(null);
    try {
      if (mode === "signUp") {
        await api.signUp({ username, password, displayName: String(form.get("displayName")) });
      } else {
        await api.signIn({ username, password });
      }
    } catch (cause) {
      setError(cause instanceof ChatApiError ? cause.message : String(cause));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="card" onSubmit={submit} aria-busy={busy}>
      <h2>{mode === "signIn" ? t("signIn") : t("signUp")}</h2>
      <label>
        {t("username")}
        <input name="username" autocomplete="username" required minLength={3} maxLength={32} />
      </label>
      {mode === "signUp" && (
        <label>
          {t("displayName")}
          <input name="displayName" autocomplete="nickname" required maxLength={64} />
        </label>
      )}
      <label>
        {t("password")}
        <input
          name="password"
          type="password"
          autocomplete={mode === "signUp" ? "new-password" : "current-password"}
          required
          minLength={8}
        />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? t("working") : mode === "signIn" ? t("signIn") : t("signUp")}
      </button>
      <button
        type="button"
        class="link"
        onClick={() => setMode(mode === "signIn" ? "signUp" : "signIn")}
      >
        {mode === "signIn" ? t("needAccount") : t("haveAccount")}
      </button>
    </form>
  );
}

function Inbox(props: { rooms: RoomsApi; t: (k: StringKey) => string; me: AuthResult }) {
  const { rooms, t, me } = props;
  const [entries, setEntries] = useState<InboxEntry[] | null>(null);
  useEffect(() => {
    rooms.inbox().then(setEntries, () => setEntries([]));
  }, [rooms]);
  return (
    <section class="card" aria-labelledby="inbox-title">
      <h2 id="inbox-title">
        {t("inbox")} · <span class="me">{me.user.displayName}</span>
      </h2>
      {entries === null ? (
        <p>{t("working")}</p>
      ) : entries.length === 0 ? (
        <p>{t("noRooms")}</p>
      ) : (
        <ul class="rooms">
          {entries.map((room) => (
            <li key={room.id}>
              <span class="title">{room.title ?? room.id}</span>
              {room.unreadCount > 0 && <span class="badge">{room.unreadCount}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
