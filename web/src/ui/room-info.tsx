/**
 * A room's settings: name, mute, members (presence, roles, add, remove; block and report
 * each other member), and hiding or leaving it (room-exits.tsx).
 */

import { useEffect, useState } from "preact/hooks";
import { ChatApiError } from "../../../src/client";
import { hasAction, mayIn, outranks, type Role } from "../../../src/protocol";
import type { Translate } from "../i18n";
import { UserAvatar } from "./avatar";
import { CardHeader, ErrorLine } from "./card";
import { nameOf, presenceText, type Ui } from "./describe";
import { RoomExits } from "./room-exits";
import { useNotice } from "./use-room-actions";
import { UserSafety } from "./user-safety";

/**
 * Runs an action, showing its error as text (with `t`, a block in the reader's language:
 * the server's text is English); returns whether it worked.
 */
export function useAction(
  t?: Translate,
): [string | null, (action: () => Promise<unknown>) => Promise<boolean>] {
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      return true;
    } catch (cause) {
      if (!(cause instanceof ChatApiError)) setError(String(cause));
      else setError(t && cause.code === "blocked" ? t("blockedBetween") : cause.message);
      return false;
    }
  };
  return [error, run];
}

export function RoomInfo(props: { ui: Ui; roomId: string }) {
  const { ui, roomId } = props;
  const { store, t } = ui;
  const [error, run] = useAction(t);
  const [notice, say] = useNotice();
  useEffect(() => {
    void store.openRoom(roomId).catch(() => undefined);
    return () => store.closeRoom(roomId);
  }, [store, roomId]);
  const state = store.rooms.get(roomId);
  if (!state) return <p class="card">{t("working")}</p>;
  const { entry } = state;
  const me = store.me.user.id;
  const members = state.members ?? [];
  const myRole = members.find((m) => m.userId === me)?.role ?? "member";
  // What this room's kind lets my role do (src/protocol/room-kinds.ts).
  const canAdd = mayIn(entry.kind, myRole, "add");
  const canRemove = (role: Role) => mayIn(entry.kind, myRole, "remove") && outranks(myRole, role);
  const refresh = () => store.refreshMembers(roomId);
  const value = (event: Event, name: string) =>
    String(new FormData(event.currentTarget as HTMLFormElement).get(name) ?? "").trim();

  return (
    <section class="card" aria-labelledby="info-title">
      <CardHeader
        ui={ui}
        back={`/rooms/${encodeURIComponent(roomId)}`}
        titleId="info-title"
        title={store.titleOf(entry)}
      />
      <ErrorLine error={error} />
      <p class="toast" role="status">
        {notice}
      </p>
      {hasAction(entry.kind, "rename") && (
        <form
          class="row"
          onSubmit={(e) => {
            e.preventDefault();
            const title = value(e, "title");
            void run(async () => {
              store.ensureRoom(await store.api.rename(roomId, title));
              store.changed();
            });
          }}
        >
          <label class="grow">
            {t("title")}
            <input name="title" required maxLength={100} defaultValue={entry.title ?? ""} />
          </label>
          <button type="submit">{t("rename")}</button>
        </form>
      )}
      <label class="check">
        <input
          type="checkbox"
          checked={entry.muted}
          onChange={(e) => {
            const muted = e.currentTarget.checked;
            // Shown at once; the `muted` event (or a failure) settles it.
            store.setMutedLocally(roomId, muted);
            void run(() => store.api.setMuted(roomId, muted)).then((ok) => {
              if (!ok) store.setMutedLocally(roomId, !muted);
            });
          }}
        />
        {t("mute")}
      </label>
      <h3>{t("members")}</h3>
      <ul class="members">
        {members.map((member) => (
          <li key={member.userId} class="row wrap">
            <UserAvatar ui={ui} userId={member.userId} name={nameOf(ui, member.userId)} />
            <span class="grow">
              {nameOf(ui, member.userId)}
              <span class="subtitle">
                {" "}
                {t(member.role)} {presenceText(ui, store.signals.presence.get(member.userId))}
              </span>
            </span>
            {member.userId !== me && canRemove(member.role) && (
              <button
                type="button"
                class="secondary"
                onClick={() =>
                  void run(async () => {
                    await store.api.removeMember(roomId, member.userId);
                    await refresh();
                  })
                }
              >
                {t("remove")}
              </button>
            )}
            {member.userId !== me && (
              <UserSafety ui={ui} userId={member.userId} roomId={roomId} run={run} say={say} />
            )}
          </li>
        ))}
      </ul>
      {canAdd && (
        <form
          class="row"
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget as HTMLFormElement;
            const username = value(e, "username");
            void run(async () => {
              const user = await store.http.findUser(username);
              store.people.add([user]);
              await store.api.addMembers(roomId, [user.id]);
              await refresh();
              form.reset();
            });
          }}
        >
          <label class="grow">
            {t("addMember")}
            <input name="username" required autocomplete="off" />
          </label>
          <button type="submit">{t("add")}</button>
        </form>
      )}
      <RoomExits ui={ui} roomId={roomId} run={run} />
    </section>
  );
}
