/**
 * Deleting a message: for everyone (its sender; in a group also the owner and admins) or for
 * the user alone, from all their devices ("delete for me", any message). Asks first.
 */
import type { ChatMessage } from "../../../src/protocol";
import { ConfirmDialog } from "./confirm-dialog";
import type { Ui } from "./describe";

export function DeleteDialog(props: {
  ui: Ui;
  roomId: string;
  message: ChatMessage;
  /** The user may delete it for everyone, not only for themselves. */
  forEveryone: boolean;
  /** Shows a short notice in the room. */
  say: (text: string) => void;
  onClose: () => void;
}) {
  const { ui, roomId, message, say } = props;
  const { t, store } = ui;
  const forMe = () =>
    void store.hideMessage(roomId, message.seq).catch(() => say(t("deleteForMeFailed")));
  const forEveryone = () => void store.client.deleteMessage(roomId, message.seq).catch(() => {});
  return props.forEveryone ? (
    <ConfirmDialog
      ui={ui}
      title={t("deleteTitle")}
      text={t("deleteText")}
      confirm={t("deleteForEveryone")}
      onConfirm={forEveryone}
      also={{ label: t("deleteForMe"), onConfirm: forMe }}
      onClose={props.onClose}
    />
  ) : (
    <ConfirmDialog
      ui={ui}
      title={t("deleteMineTitle")}
      text={t("deleteMineText")}
      confirm={t("deleteForMe")}
      onConfirm={forMe}
      onClose={props.onClose}
    />
  );
}
