/**
 * Going back from a room to the chat list with the keyboard (Esc, or the Back link): on a
 * phone the list takes the room's place, on a wide window it is beside it; either way the
 * focus lands on the row of the room just left, so Tab and Enter go on from there.
 */
import { navigate } from "./hooks";

/** The room whose row the list focuses when it next appears (a phone's list). */
let returning: string | null = null;

/** The row of the room in the chat list, if it shows. */
function rowOf(roomId: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`a.room[data-room="${CSS.escape(roomId)}"]`);
}

/** Focuses the room's row, or the list's first when the room's is not in it. */
export function focusRow(roomId: string): void {
  (rowOf(roomId) ?? document.querySelector<HTMLElement>("a.room"))?.focus();
}

/** The list is about to replace the room (a phone): it focuses the room's row on arrival. */
export function returnFrom(roomId: string): void {
  returning = roomId;
}

/** From the room to the list: beside it (wide), or in its place (a phone). */
export function backToList(roomId: string, wide: boolean): void {
  if (wide) {
    focusRow(roomId);
    return;
  }
  returnFrom(roomId);
  navigate("/");
}

/** The list appeared: the row of the room the user came back from gets the focus. */
export function focusOnReturn(): void {
  if (returning === null) return;
  const roomId = returning;
  returning = null;
  focusRow(roomId);
}
