/**
 * An object's own quick questions. The server answers an object whose owner set none with
 * the service's defaults (`DEFAULT_QUICK_QUESTIONS`, in English) in their place: the client
 * shows its own translation of those, and the edit form does not save them as the owner's.
 */
import { type ChatObject, DEFAULT_QUICK_QUESTIONS } from "../../../src/protocol";

/** The owner's own questions; empty when they set none (the defaults stand in). */
export function ownQuestions(object: Pick<ChatObject, "quickQuestions">): readonly string[] {
  const { quickQuestions } = object;
  const defaults =
    quickQuestions.length === DEFAULT_QUICK_QUESTIONS.length &&
    quickQuestions.every((q, i) => q === DEFAULT_QUICK_QUESTIONS[i]);
  return defaults ? [] : quickQuestions;
}
