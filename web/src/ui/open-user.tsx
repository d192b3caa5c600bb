/**
 * `/u/<username>`: a link someone shared opens the direct chat with them (started if there
 * was none), in place of this screen. One's own link goes to the profile, where it is shown.
 */
import { useEffect } from "preact/hooks";
import { findUsers } from "../state/find-users";
import { CardHeader, ErrorLine } from "./card";
import type { Ui } from "./describe";
import { navigate } from "./hooks";
import { useAction } from "./use-action";

/** `/u/<username>`. */
const USER_PATH = /^\/u\/([^/]+)$/;

/** The username a path names, or null when it is no user link. */
export function linkedUsername(path: string): string | null {
  const found = USER_PATH.exec(path);
  if (!found?.[1]) return null;
  try {
    return decodeURIComponent(found[1]);
  } catch {
    return null; // a broken escape names nobody
  }
}

export function OpenUser(props: { ui: Ui; username: string }) {
  const { ui, username } = props;
  const { store, t } = ui;
  const [error, run] = useAction(t);
  useEffect(() => {
    if (username === store.me.user.username) {
      navigate("/profile", true);
      return;
    }
    void run(async () => {
      const [user] = await findUsers(store.http, [username]);
      if (!user) return;
      store.people.add([user]);
      const room = await store.api.createDirect(user.id);
      store.ensureRoom(room);
      navigate(`/rooms/${encodeURIComponent(room.id)}`, true);
    });
  }, [store, username]);
  return (
    <section class="card" aria-labelledby="open-user-title">
      <CardHeader ui={ui} back="/" titleId="open-user-title" title={t("openingChat")} />
      <ErrorLine error={error} />
      {!error && <p role="status">{t("openingChatWith", { username })}</p>}
    </section>
  );
}
