/**
 * Messages deleted for the user that this page heard of, by room. A copy of one that comes
 * later (a history page read before the delete, a live copy that came late) is taken in its
 * hidden form, so the timeline and the inbox preview never show it again. Held for the
 * page's life: after a reload the server's own pages give it hidden.
 */
import { type ChatMessage, hiddenForm } from "../../../src/protocol";

export class HiddenSeqs {
  private readonly rooms = new Map<string, Set<number>>();

  add(roomId: string, seq: number): void {
    const seqs = this.rooms.get(roomId) ?? new Set<number>();
    seqs.add(seq);
    this.rooms.set(roomId, seqs);
  }

  /** `messages` of the room, those deleted for the user in their hidden form. */
  apply(roomId: string, messages: ChatMessage[]): ChatMessage[] {
    const seqs = this.rooms.get(roomId);
    if (!seqs) return messages;
    return messages.map((m) => (seqs.has(m.seq) && m.hidden !== true ? hiddenForm(m) : m));
  }
}
