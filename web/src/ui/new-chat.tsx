/** Starting a chat: with one person by username, or a named group. */
import { findUsers } from "../state/find-users";
import { CardHeader, ErrorLine } from "./card";
import type { Ui } from "./describe";
import { navigate } from "./hooks";
import { useAction } from "./room-info";

/** "a, b c" → ["a", "b", "c"]. */
export function splitNames(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((s) => s.length > 0))];
}

export function NewChat(props: { ui: Ui }) {
  const { ui } = props;
  const { store, t } = ui;
  const [error, run] = useAction(t);
  const field = (event: Event, name: string) =>
    String(new FormData(event.currentTarget as HTMLFormElement).get(name) ?? "").trim();
  const lookUp = async (usernames: string[]) => {
    const users = await findUsers(store.http, usernames);
    store.people.add(users);
    return users.map((u) => u.id);
  };
  const open = (details: Parameters<typeof store.ensureRoom>[0]) => {
    store.ensureRoom(details);
    navigate(`/rooms/${encodeURIComponent(details.id)}`, true);
  };
  return (
    <section class="card" aria-labelledby="new-title">
      <CardHeader ui={ui} back="/" titleId="new-title" title={t("newChat")} />
      <ErrorLine error={error} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const username = field(e, "username");
          void run(async () => {
            const [id] = await lookUp([username]);
            if (id) open(await store.api.createDirect(id));
          });
        }}
      >
        <h3>{t("directChat")}</h3>
        <label>
          {t("username")}
          <input name="username" required autocomplete="off" />
        </label>
        <button type="submit">{t("start")}</button>
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const title = field(e, "title");
          const names = splitNames(field(e, "usernames"));
          void run(async () => open(await store.api.createGroup(title, await lookUp(names))));
        }}
      >
        <h3>{t("groupChat")}</h3>
        <label>
          {t("groupTitle")}
          <input name="title" required maxLength={100} />
        </label>
        <label>
          {t("usernames")}
          <input name="usernames" autocomplete="off" />
        </label>
        <button type="submit">{t("create")}</button>
      </form>
    </section>
  );
}
