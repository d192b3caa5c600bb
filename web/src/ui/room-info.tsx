/**
 * A room's settings: name, mute, members (member-row.tsx: presence, roles, remove; block and
 * report), adding members, and hiding or leaving it (room-exits.tsx).
 */

import { useEffect } from "preact/hooks";
import { mayIn } from "../../../src/protocol";
import { findUsers } from "../state/find-users";
import { CardHeader, ErrorLine } from "./card";
import type { Ui } from "./describe";
import { MemberRow } from "./member-row";
import { RoomExits } from "./room-exits";
import { useAction } from "./use-action";
import { useNotice } from "./use-room-actions";

export { useAction } from "./use-action";

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
  // Only a member has a role: one who left or was removed sees the room as it was, and no
  // form or button to change it.
  const isMember = entry.membership === "member";
  const myRole = (isMember && members.find((m) => m.userId === me)?.role) || "member";
  // What this room's kind lets my role do (src/protocol/room-kinds.ts).
  const canAdd = isMember && mayIn(entry.kind, myRole, "add");
  const canRename = isMember && mayIn(entry.kind, myRole, "rename");
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
      {canRename && (
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
          <MemberRow
            key={member.userId}
            ui={ui}
            roomId={roomId}
            member={member}
            myRole={myRole}
            run={run}
            say={say}
          />
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
              const users = await findUsers(store.http, [username]);
              store.people.add(users);
              await store.api.addMembers(
                roomId,
                users.map((u) => u.id),
              );
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
