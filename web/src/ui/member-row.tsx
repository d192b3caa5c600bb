/**
 * One member in a room's info: picture, name, role and presence; for whoever may, making
 * them admin or member again, handing them ownership and removing them (the last two
 * asked first); blocking and reporting them (user-safety.tsx).
 */
import { useState } from "preact/hooks";
import { mayIn, outranks, type Role, type RoomMember } from "../../../src/protocol";
import { UserAvatar } from "./avatar";
import { ConfirmDialog } from "./confirm-dialog";
import { nameOf, presenceText, type Ui } from "./describe";
import { UserSafety } from "./user-safety";

type Asking = "remove" | "handOver" | null;

export function MemberRow(props: {
  ui: Ui;
  roomId: string;
  member: RoomMember;
  /** The viewer's own role in the room. */
  myRole: Role;
  /** Runs a request, showing its refusal (use-action.ts). */
  run: (action: () => Promise<unknown>) => Promise<boolean>;
  say: (notice: string) => void;
}) {
  const { ui, roomId, member, myRole, run } = props;
  const { store, t } = ui;
  const [asking, setAsking] = useState<Asking>(null);
  const kind = store.rooms.get(roomId)?.entry.kind ?? "group";
  const me = store.me.user.id;
  const name = nameOf(ui, member.userId);
  const other = member.userId !== me;
  const canRemove = other && mayIn(kind, myRole, "remove") && outranks(myRole, member.role);
  const canSetRole = other && mayIn(kind, myRole, "setRole");
  const refresh = () => store.refreshMembers(roomId);
  const setRole = (role: Role) =>
    void run(async () => {
      store.ensureRoom(await store.api.setRole(roomId, member.userId, role));
      await refresh();
    });
  return (
    <li class="row wrap">
      <UserAvatar ui={ui} userId={member.userId} name={name} />
      <span class="grow">
        {name}
        <span class="subtitle">
          {" "}
          {t(member.role)} {presenceText(ui, store.signals.presence.get(member.userId))}
        </span>
      </span>
      {canSetRole && member.role !== "owner" && (
        <button
          type="button"
          class="secondary"
          aria-label={t(member.role === "admin" ? "makeMemberName" : "makeAdminName", { name })}
          onClick={() => setRole(member.role === "admin" ? "member" : "admin")}
        >
          {t(member.role === "admin" ? "makeMember" : "makeAdmin")}
        </button>
      )}
      {canSetRole && (
        <button
          type="button"
          class="secondary"
          aria-label={t("handOverName", { name })}
          onClick={() => setAsking("handOver")}
        >
          {t("handOver")}
        </button>
      )}
      {canRemove && (
        <button
          type="button"
          class="secondary"
          aria-label={t("removeName", { name })}
          onClick={() => setAsking("remove")}
        >
          {t("remove")}
        </button>
      )}
      {other && (
        <UserSafety ui={ui} userId={member.userId} roomId={roomId} run={run} say={props.say} />
      )}
      {asking === "remove" && (
        <ConfirmDialog
          ui={ui}
          title={t("removeMemberTitle", { name })}
          text={t("removeMemberText", { name })}
          confirm={t("remove")}
          onConfirm={() =>
            void run(async () => {
              await store.api.removeMember(roomId, member.userId);
              await refresh();
            })
          }
          onClose={() => setAsking(null)}
        />
      )}
      {asking === "handOver" && (
        <ConfirmDialog
          ui={ui}
          title={t("handOverTitle", { name })}
          text={t("handOverText", { name })}
          confirm={t("handOver")}
          onConfirm={() => setRole("owner")}
          onClose={() => setAsking(null)}
        />
      )}
    </li>
  );
}
