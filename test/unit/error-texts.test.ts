/**
 * Every error code docs/protocol.md lists has a sentence of the app's own in English and in
 * Korean, so no screen falls back to the server's English `message`. The codes are
 * ERROR_CODES, which test/contract/docs.test.ts holds to the documented table, both ways.
 */
import { describe, expect, it } from "vitest";
import { ChatApiError } from "../../src/client/errors";
import { ERROR_CODES } from "../../src/protocol";
import { translator } from "../../web/src/i18n";
import { codeText, errorText } from "../../web/src/state/error-text";
import { UnknownUsers } from "../../web/src/state/find-users";

const en = translator("en");
const ko = translator("ko");

describe("error texts", () => {
  const codes = [...ERROR_CODES, "network_error", "aborted"];

  it.each(codes)("has a sentence for %s in English and Korean", (code) => {
    const english = codeText(en, code);
    const korean = codeText(ko, code);
    expect(english).not.toBe(en("error_unknown"));
    expect(korean).not.toBe(ko("error_unknown"));
    expect(korean).not.toBe(english);
    expect(korean).toMatch(/[가-힣]/);
    expect(english).not.toMatch(/\{\w+\}/);
  });

  it("says a code it does not know, and an error that is no server's answer, in general words", () => {
    expect(codeText(ko, "some_new_code")).toBe("문제가 생겼어요. 다시 해 보세요.");
    expect(errorText(en, new TypeError("Failed to fetch"))).toBe(
      "Something went wrong. Try again.",
    );
  });

  it("never shows the server's message", () => {
    const error = new ChatApiError(409, "room_full", "group would pass MAX_GROUP_MEMBERS");
    expect(errorText(ko, error)).toBe("그룹 인원이 다 찼어요.");
    expect(errorText(en, error)).toBe("This group is full.");
  });

  it("names the usernames that are no user's", () => {
    expect(errorText(en, new UnknownUsers(["bob", "carol"]))).toBe(
      "No user has the username bob, carol.",
    );
    expect(errorText(ko, new UnknownUsers(["bob"]))).toBe("아이디가 bob인 사용자가 없어요.");
  });
});
