/**
 * Names and titles must show something: at least one letter, digit, punctuation mark or
 * symbol that renders, with the blank-looking ones (Hangul fillers, braille blank, spaces of
 * every width, marks and format characters alone) not counting. Tested at each range's edges.
 */
import { describe, expect, it } from "vitest";
import {
  CreateRoomBody,
  hasVisible,
  parseBody,
  RenameRoomBody,
  SignUpBody,
  UpdateProfileBody,
} from "../../src/protocol";

const BLANK = [
  "\u3164", // Hangul filler
  "\u115F", // Hangul choseong filler
  "\u1160", // Hangul jungseong filler
  "\uFFA0", // halfwidth Hangul filler
  "\u2800", // braille pattern blank
  "\u303F", // ideographic half fill space
  "\u{1D159}", // musical symbol null notehead
  "\u2000", // en quad: the first of the typographic spaces
  "\u200A", // hair space: the last of them
  "\u205F", // medium mathematical space
  "\u3000", // ideographic space
  "\u00A0", // no-break space
  "\u180E", // Mongolian vowel separator
  "\u034F", // combining grapheme joiner
  "\uFE0F", // variation selector 16 alone
  "\u{E0100}", // variation selector 17 alone
  "\u{E0041}", // tag latin capital A
  "\u{E007F}", // cancel tag
  "\u0301", // a combining accent with nothing to sit on
  "\u00AD", // soft hyphen
  "\u2062", // invisible times
  "\u{F8FF}", // private use: shows only with a font that has it
];

/** The visible neighbours of the blank ones above: each range's edge from the other side. */
const SHOWN = [
  "\u3163", // ㅣ, just before the Hangul filler
  "\u3165", // ㅥ, just after it
  "\u115E", // just before the choseong filler
  "\u1161", // ᅡ, just after the jungseong filler
  "\uFFA1", // halfwidth ㄱ, just after the halfwidth filler
  "\u2801", // braille dot 1, just after the blank
  "\u303E", // ideographic variation indicator
  "\u{1D158}", // musical symbol notehead black
  "\u1FFE", // Greek dasia, just before U+2000
  "\u2010", // hyphen, after the zero-width and direction marks
  "\u205E", // vertical four dots, just before U+205F
  "\u3001", // ideographic comma, just after U+3000
  "a",
  "가",
  "7",
  "😀",
  ".",
];

describe("visible characters", () => {
  it("are none in blank-looking text", () => {
    for (const blank of BLANK) {
      expect(hasVisible(blank), blank.codePointAt(0)?.toString(16)).toBe(false);
    }
    expect(hasVisible(BLANK.join(""))).toBe(false);
  });

  it("are found in each neighbour of a blank range, alone or among blanks", () => {
    for (const shown of SHOWN) {
      expect(hasVisible(shown), shown.codePointAt(0)?.toString(16)).toBe(true);
      expect(hasVisible(`\u3164${shown}\u2800`)).toBe(true);
    }
  });

  it("are required in display names, device names and room titles", () => {
    const refused = (result: ReturnType<typeof parseBody>) =>
      expect(result).toMatchObject({
        ok: false,
        error: { code: "validation_failed", message: expect.stringMatching(/visible character/) },
      });
    for (const blank of ["\u3164", "\u3164\u3164\u3164", "\u2800 \u2800", "\u115F\u1160"]) {
      refused(parseBody(UpdateProfileBody, { displayName: blank }));
      refused(
        parseBody(SignUpBody, {
          username: "alice",
          displayName: "Alice",
          password: "12345678",
          deviceName: blank,
        }),
      );
      refused(parseBody(RenameRoomBody, { title: blank }));
      refused(parseBody(CreateRoomBody, { kind: "group", title: blank, memberIds: [] }));
    }
    expect(parseBody(UpdateProfileBody, { displayName: "\u3164앨리스" }).ok).toBe(true);
    expect(parseBody(RenameRoomBody, { title: "\u2800." }).ok).toBe(true);
  });
});
