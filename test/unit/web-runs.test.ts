/**
 * The timeline's layout (web/src/state/runs.ts): runs of one sender within a few minutes,
 * date separators and their labels, the new-messages divider, and where read marks show.
 */
import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../src/protocol";
import {
  dateLocale,
  dayLabel,
  layoutTimeline,
  markChanges,
  type Row,
  RUN_WINDOW_MS,
} from "../../web/src/state/runs";
import { textMessage } from "../worker/messages";

/** Local time: 2026-03-14 at `hour`:`minute`. */
const at = (hour: number, minute = 0, day = 14) => new Date(2026, 2, day, hour, minute).getTime();
const msg = (seq: number, senderId: string, createdAt: number, fields: Partial<ChatMessage> = {}) =>
  textMessage(seq, { senderId, createdAt, ...fields });

function layout(
  messages: ChatMessage[],
  options: { unreadAfter?: number | null; marks?: (string | null)[] } = {},
): Row[] {
  return layoutTimeline(messages, {
    me: "me",
    unreadAfter: options.unreadAfter ?? null,
    marks: options.marks ?? messages.map(() => null),
    key: (m) => String(m.seq),
  });
}

/** The rows in short: `day`, `new`, or `<seq><[ if it starts a run><] if it ends one>`. */
const shape = (rows: Row[]) =>
  rows.map((r) =>
    r.type === "day"
      ? "day"
      : r.type === "unread"
        ? "new"
        : `${r.runStart ? "[" : ""}${r.message.seq}${r.runEnd ? "]" : ""}`,
  );

describe("runs", () => {
  it("groups one sender's consecutive messages within the window", () => {
    const rows = layout([
      msg(1, "a", at(9, 0)),
      msg(2, "a", at(9, 1)),
      msg(3, "a", at(9, 2)),
      msg(4, "b", at(9, 2)),
      msg(5, "a", at(9, 3)),
    ]);
    expect(shape(rows)).toEqual(["day", "[1", "2", "3]", "[4]", "[5]"]);
  });

  it("starts a new run once the run's first message is older than the window", () => {
    const start = at(9, 0);
    const rows = layout([
      msg(1, "a", start),
      msg(2, "a", start + RUN_WINDOW_MS), // just within
      msg(3, "a", start + RUN_WINDOW_MS + 1), // a message a minute apart still ends it
      msg(4, "a", start + RUN_WINDOW_MS + 60_000),
    ]);
    expect(shape(rows)).toEqual(["day", "[1", "2]", "[3", "4]"]);
  });

  it("breaks at system lines and object posts, which stand alone", () => {
    const rows = layout([
      msg(1, "a", at(9)),
      msg(2, "a", at(9), { kind: "system", body: "" }),
      msg(3, "a", at(9)),
      msg(4, "a", at(9), { kind: "object" }),
      msg(5, "a", at(9)),
      msg(6, "a", at(9), { kind: "attachment" }),
    ]);
    expect(shape(rows)).toEqual(["day", "[1]", "[2]", "[3]", "[4]", "[5", "6]"]);
  });
});

describe("date separators", () => {
  it("go above the first message and each first of a new day, breaking a run", () => {
    const rows = layout([
      msg(1, "a", at(23, 58, 14)),
      msg(2, "a", at(23, 59, 14)),
      msg(3, "a", at(0, 0, 15)), // a minute on, the next day
      msg(4, "a", at(9, 0, 17)),
    ]);
    expect(shape(rows)).toEqual(["day", "[1", "2]", "day", "[3]", "day", "[4]"]);
    const days = rows.flatMap((r) => (r.type === "day" ? [r.key] : []));
    expect(new Set(days).size).toBe(3);
  });

  it('read "Today", "Yesterday", else the date with its weekday (the year when not this one)', () => {
    const now = at(10, 0, 14);
    const words = { today: "Today", yesterday: "Yesterday" };
    expect(dayLabel(at(0, 0, 14), now, words, "en-US")).toBe("Today");
    expect(dayLabel(at(23, 59, 13), now, words, "en-US")).toBe("Yesterday");
    expect(dayLabel(at(0, 0, 13), now, words, "en-US")).toBe("Yesterday");
    expect(dayLabel(at(23, 59, 12), now, words, "en-US")).toBe("Thursday, March 12");
    expect(dayLabel(at(12, 0, 12), now, words, "en-GB")).toBe("Thursday 12 March");
    expect(dayLabel(at(12, 0, 12), now, { today: "오늘", yesterday: "어제" }, "ko")).toBe(
      "3월 12일 목요일",
    );
    expect(dayLabel(new Date(2025, 11, 31, 12).getTime(), now, words, "en-US")).toBe(
      "Wednesday, December 31, 2025",
    );
    // The first of a month: yesterday is the last of the one before.
    const april1 = new Date(2026, 3, 1, 9).getTime();
    expect(dayLabel(new Date(2026, 2, 31, 12).getTime(), april1, words, "en-US")).toBe("Yesterday");
  });

  it("are written in the browser's locale for the app's language", () => {
    expect(dateLocale("en", ["en-GB", "en-US", "ko-KR"])).toBe("en-GB");
    expect(dateLocale("ko", ["en-GB", "ko-KR"])).toBe("ko-KR");
    expect(dateLocale("ko", ["en-US"])).toBe("ko");
    expect(dateLocale("en", [])).toBe("en");
  });
});

describe("the new-messages divider", () => {
  it("goes above the first message after the read mark that counted as unread", () => {
    const messages = [
      msg(1, "a", at(9)),
      msg(2, "me", at(9)), // mine: never unread
      msg(3, "a", at(9), { kind: "system", body: "" }), // not counted unread
      msg(4, "a", at(9)),
      msg(5, "a", at(9)),
    ];
    expect(shape(layout(messages, { unreadAfter: 1 }))).toEqual([
      "day",
      "[1]",
      "[2]",
      "[3]",
      "new",
      "[4",
      "5]",
    ]);
  });

  it("shows nothing without unread messages, or when none held comes after the mark", () => {
    const messages = [msg(1, "a", at(9)), msg(2, "a", at(9))];
    expect(shape(layout(messages))).toEqual(["day", "[1", "2]"]);
    expect(shape(layout(messages, { unreadAfter: 2 }))).toEqual(["day", "[1", "2]"]);
  });
});

describe("read marks", () => {
  it("show where the next mark differs, or none follows", () => {
    expect(markChanges(["Read", "Read", "Delivered", "Sent", "Sent"])).toEqual([
      false,
      true,
      true,
      false,
      true,
    ]);
    expect(markChanges(["2", "2", "1", "1"])).toEqual([false, true, false, true]);
    expect(markChanges([])).toEqual([]);
  });

  it("skip messages with no mark (another's in a direct chat, none unread in a group)", () => {
    expect(markChanges(["Read", null, "Read", null])).toEqual([false, false, true, false]);
    expect(markChanges(["1", "1", null, null])).toEqual([false, true, false, false]);
    expect(markChanges(["Read", null, "Sent"])).toEqual([true, false, true]);
  });

  it("reach the rows of the layout", () => {
    const rows = layout([msg(1, "me", at(9)), msg(2, "me", at(9)), msg(3, "a", at(9))], {
      marks: ["Read", "Read", null],
    });
    const shown = rows.flatMap((r) => (r.type === "message" ? [r.showMark] : []));
    expect(shown).toEqual([false, true, false]);
  });
});
