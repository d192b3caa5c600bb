/**
 * Korean particles that take another form after a final consonant than after a vowel
 * (은/는, 이/가, 을/를, 과/와, 으로/로, 이에요/예요), chosen by the word they follow. A
 * word whose sound at the end is not known (Latin letters, symbols) gets both forms, as
 * Korean writes when it cannot tell: "은(는)".
 */

/** Each particle's forms: after a final consonant, after a vowel. */
const FORMS: Readonly<Record<string, readonly [string, string]>> = {
  은: ["은", "는"],
  는: ["은", "는"],
  이: ["이", "가"],
  가: ["이", "가"],
  을: ["을", "를"],
  를: ["을", "를"],
  과: ["과", "와"],
  와: ["과", "와"],
  으로: ["으로", "로"],
  로: ["으로", "로"],
  이에요: ["이에요", "예요"],
  예요: ["이에요", "예요"],
};

/** How each digit is read (영, 일, 이, 삼, …): its final consonant, 0 for none. */
const DIGIT_FINALS = [21, 8, 0, 16, 0, 0, 1, 8, 8, 0];
/** The final consonant ㄹ, after which 으로 is 로. */
const RIEUL = 8;

/** The final consonant's index of the word's last sound (0: a vowel), or null if unknown. */
function finalOf(word: string): number | null {
  const last = word.trimEnd().at(-1);
  if (last === undefined) return null;
  const code = last.charCodeAt(0);
  if (code >= 0xac00 && code <= 0xd7a3) return (code - 0xac00) % 28;
  if (last >= "0" && last <= "9") return DIGIT_FINALS[Number(last)] ?? null;
  return null;
}

/** `word` with `particle` in the form that follows it: ("방장", "이에요") → "방장이에요". */
export function withParticle(word: string, particle: string): string {
  const forms = FORMS[particle];
  if (!forms) return word + particle;
  const [afterConsonant, afterVowel] = forms;
  const final = finalOf(word);
  if (final === null) {
    // Both, the longer form's extra syllable in brackets: 은(는), (으)로, (이)에요.
    return afterConsonant.endsWith(afterVowel)
      ? `${word}(${afterConsonant.slice(0, -afterVowel.length)})${afterVowel}`
      : `${word}${afterConsonant}(${afterVowel})`;
  }
  const vowelForm = final === 0 || (afterConsonant === "으로" && final === RIEUL);
  return word + (vowelForm ? afterVowel : afterConsonant);
}
