/**
 * The reactions under a message as chips: each emoji in the order first put, how many put
 * it, whether the user is among them (a tap then takes it back), and who, the user last
 * ("Ann, Bo and you" reads better than a list that starts with oneself).
 */
import { type ChatMessage, REACTION_EMOJI, type ReactionEmoji } from "../../../src/protocol";

export interface ReactionChip {
  emoji: ReactionEmoji;
  count: number;
  mine: boolean;
  /** Who put it, in the order they did, the user last. */
  userIds: string[];
}

const KNOWN: ReadonlySet<string> = new Set(REACTION_EMOJI);

/** Whether `emoji` is one of the set a member may put (a newer server may know more). */
export function isReactionEmoji(emoji: string): emoji is ReactionEmoji {
  return KNOWN.has(emoji);
}

export function reactionChips(message: ChatMessage, me: string): ReactionChip[] {
  if (message.deletedAt !== undefined) return [];
  return (message.reactions ?? []).flatMap(({ emoji, userIds }) => {
    if (!isReactionEmoji(emoji) || userIds.length === 0) return [];
    const mine = userIds.includes(me);
    const others = userIds.filter((id) => id !== me);
    return [{ emoji, count: userIds.length, mine, userIds: mine ? [...others, me] : others }];
  });
}
