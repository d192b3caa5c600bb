/**
 * The ways out of a room, at the end of its info: hiding a chat of two from the inbox on
 * every device until its next message (`PUT /api/rooms/:id/hidden`), and leaving a room
 * whose kind allows it (a group; an object chat, which then leaves the inbox until the
 * other writes again), asked first.
 */
import { useState } from "preact/hooks";
import { hasAction, ROOM_KINDS } from "../../../src/protocol";
import { ConfirmDialog } from "./confirm-dialog";
import type { Ui } from "./describe";
import { navigate } from "./hooks";

export function RoomExits(props: {
  ui: Ui;
  roomId: string;
  /** Runs a request, showing its refusal (room-info.tsx's `useAction`). */
  run: (action: () => Promise<unknown>) => Promise<boolean>;
}) {
  const { ui, roomId, run } = props;
  const { store, t } = ui;
  const [asking, setAsking] = useState(false);
  const entry = store.rooms.get(roomId)?.entry;
  if (entry?.membership !== "member") return null;
  const canHide = ROOM_KINDS[entry.kind].pair;
  const canLeave = hasAction(entry.kind, "leave");
  const leave = () =>
    void run(async () => {
      await store.api.removeMember(roomId, store.me.user.id);
      store.forgetRoom(roomId);
      navigate("/");
    });
  return (
    <div class="room-exits">
      {canHide && (
        <p class="row wrap">
          <button
            type="button"
            class="secondary"
            aria-describedby="hide-hint"
            onClick={() =>
              void run(async () => {
                await store.hide(roomId);
                navigate("/");
              })
            }
          >
            {t("hideChat")}
          </button>
          <span id="hide-hint" class="subtitle grow">
            {t("hideChatHint")}
          </span>
        </p>
      )}
      {canLeave && (
        <button type="button" class="danger" onClick={() => setAsking(true)}>
          {t("leave")}
        </button>
      )}
      {asking && (
        <ConfirmDialog
          ui={ui}
          title={t("leaveTitle")}
          text={t(ROOM_KINDS[entry.kind].pair ? "leavePairText" : "leaveGroupText")}
          confirm={t("leaveConfirm")}
          onConfirm={leave}
          onClose={() => setAsking(false)}
        />
      )}
    </div>
  );
}
