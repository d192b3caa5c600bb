/** Avatars without a picture (web/src/ui/avatar-look.ts): initials and a colour per person. */
import { describe, expect, it } from "vitest";
import {
  AVATAR_HUES,
  AVATAR_PALETTE,
  avatarColors,
  contrast,
  hueIndex,
  initials,
} from "../../web/src/ui/avatar-look";

describe("initials", () => {
  it("take the first and last word's letters for cased scripts, one character otherwise", () => {
    expect(initials("Sam Stranger")).toBe("SS");
    expect(initials("alice")).toBe("A");
    expect(initials("  mary ann  lee ")).toBe("ML");
    expect(initials("김민지")).toBe("김");
    expect(initials("김 민지")).toBe("김");
    expect(initials("Ана Петрова")).toBe("АП");
    expect(initials("Jun 준")).toBe("J");
    expect(initials("👩‍💻 coder")).toBe("👩‍💻");
    expect(initials("")).toBe("?");
    expect(initials("   ")).toBe("?");
  });
});

describe("avatar colours", () => {
  it("are the same for an id every time, and spread over the palette", () => {
    expect(hueIndex("u_123")).toBe(hueIndex("u_123"));
    expect(avatarColors("u_123")).toBe(avatarColors("u_123"));
    const used = new Set(Array.from({ length: 500 }, (_, i) => hueIndex(`user-${i}`)));
    expect(used.size).toBe(AVATAR_HUES);
  });

  it("give text at least 4.5:1 against its background in both themes (WCAG AA)", () => {
    expect(AVATAR_PALETTE).toHaveLength(AVATAR_HUES);
    for (const { light, dark } of AVATAR_PALETTE) {
      expect(contrast(light.text, light.background)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(dark.text, dark.background)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("measure contrast as WCAG does", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("#ffffff", "#ffffff")).toBe(1);
    expect(contrast("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
  });
});
