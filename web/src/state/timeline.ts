/**
 * A room's messages as the client holds them: one run of consecutive seqs ending at the
 * newest known. Pages and live messages merge into it; a message past a gap starts a new
 * run (the older one is loaded again by scrolling), so what is shown never silently skips.
 */
import { applyChanges, type ChatMessage, hiddenForm } from "../../../src/protocol";

/**
 * Merges messages into a run: duplicates by seq collapse, the newest run is kept, and every
 * change event held (an edit, a delete, a reaction) is applied to its target when held, in
 * seq order: a message from a page read before a change that arrived live still shows it.
 */
export function merge(
  run: readonly ChatMessage[],
  incoming: readonly ChatMessage[],
): ChatMessage[] {
  if (incoming.length === 0) return [...run];
  const bySeq = new Map<number, ChatMessage>();
  for (const m of run) bySeq.set(m.seq, m);
  for (const m of incoming) {
    // Deleted for the user: a copy from before that (a replay, a page read earlier) may not
    // bring it back.
    if (bySeq.get(m.seq)?.hidden !== true) bySeq.set(m.seq, m);
  }
  applyChanges(bySeq);
  const sorted = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  let start = sorted.length - 1;
  while (
    start > 0 &&
    (sorted[start - 1] as ChatMessage).seq === (sorted[start] as ChatMessage).seq - 1
  ) {
    start -= 1;
  }
  return sorted.slice(start);
}

/** The run with the message `seq` deleted for the user (in its hidden form), if held. */
export function hideIn(run: readonly ChatMessage[], seq: number): ChatMessage[] {
  return run.map((m) => (m.seq === seq ? hiddenForm(m) : m));
}

/** The seq after which messages are missing before `seq` arrives, or null if none are. */
export function gapBefore(run: readonly ChatMessage[], seq: number): number | null {
  const newest = run.at(-1)?.seq;
  return newest !== undefined && seq > newest + 1 ? newest : null;
}

/** Whether older messages exist before the run (seq 1 is the room's first). */
export function hasOlder(run: readonly ChatMessage[]): boolean {
  const oldest = run[0]?.seq;
  return oldest !== undefined && oldest > 1;
}

/** The run's message `seq`, if the run holds it (a run's seqs are consecutive). */
export function messageAt(run: readonly ChatMessage[], seq: number): ChatMessage | undefined {
  const first = run[0]?.seq;
  if (first === undefined) return undefined;
  const message = run[seq - first];
  return message?.seq === seq ? message : undefined;
}
