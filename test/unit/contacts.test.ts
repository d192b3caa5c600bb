import { describe, expect, it } from "vitest";
import { HIDDEN, hideContacts, PHONE_DIGITS_MIN } from "../../src/objects/contacts";

describe("hiding contact details", () => {
  it("hides a run of PHONE_DIGITS_MIN digits, and not one digit fewer", () => {
    const at = "1".repeat(PHONE_DIGITS_MIN);
    const under = "1".repeat(PHONE_DIGITS_MIN - 1);
    expect(hideContacts(`a ${at} b`)).toBe(`a ${HIDDEN} b`);
    expect(hideContacts(`a ${under} b`)).toBe(`a ${under} b`);
  });

  it("hides phone numbers written the usual ways", () => {
    for (const phone of [
      "010-1234-5678",
      "+82 10 1234 5678",
      "(555) 123-4567",
      "02.123.4567",
      "０１０-１２３４-５６７８",
    ]) {
      expect(hideContacts(`call ${phone} now`), phone).toBe(`call ${HIDDEN} now`);
    }
  });

  it("leaves prices, years and short numbers alone", () => {
    const text = "350000 won, from 2019-2023, 3 km, 12:30, 1,200,000";
    expect(hideContacts(text)).toBe(text);
  });

  it("hides e-mail addresses, also with letters beyond ASCII", () => {
    expect(hideContacts("me@example.com or 김@메일.한국!")).toBe(`${HIDDEN} or ${HIDDEN}!`);
    expect(hideContacts("meet @ 5pm at the cafe")).toBe("meet @ 5pm at the cafe");
  });
});
