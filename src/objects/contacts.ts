/**
 * Hiding contact details in a chat about an object whose owner asked for it (`hideContacts`)
 * until the object is reserved for that chat's asker: e-mail addresses and phone numbers are
 * replaced as the message is stored. A phone number is a run of at least
 * `PHONE_DIGITS_MIN` digits (ASCII or full-width) with spaces, dots, hyphens, slashes or
 * parentheses between them and an optional leading `+` or `(`: long enough to pass over prices,
 * dates and years ("350000", "2019-2023"), short enough for the shortest local numbers
 * ("02-123-4567").
 */

export const HIDDEN = "[hidden]";
export const PHONE_DIGITS_MIN = 9;

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
const DIGIT = /[0-9\uFF10-\uFF19]/gu;
const PHONE_RUN = /\+?\(?[0-9\uFF10-\uFF19](?:[\s./()-]*[0-9\uFF10-\uFF19])+/gu;

export function hideContacts(text: string): string {
  return text
    .replace(EMAIL, HIDDEN)
    .replace(PHONE_RUN, (run) =>
      (run.match(DIGIT)?.length ?? 0) >= PHONE_DIGITS_MIN ? HIDDEN : run,
    );
}
