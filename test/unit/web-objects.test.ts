/** The web client's object chats, their pure parts: which card shows, prices, the words. */
import { describe, expect, it } from "vitest";
import { DEFAULT_QUICK_QUESTIONS, type InboxEntry, type ObjectCard } from "../../src/protocol";
import { translator } from "../../web/src/i18n";
import { newerCard, objectAsker, objectPeer } from "../../web/src/state/cards";
import { mergeEntry, withCard } from "../../web/src/state/inbox";
import { formatPrice, fromMinor, toMinor } from "../../web/src/state/price";
import { ownQuestions } from "../../web/src/state/questions";
import { objectEventText, readOnlyReason, statusText } from "../../web/src/ui/object-words";

const OWNER = "owner-1";
const ANNA = "anna-1";
const BEN = "ben-1";
const OBJECT = "5b0e0000-0000-4000-8000-000000000001";

function card(more: Partial<ObjectCard> = {}): ObjectCard {
  return {
    id: OBJECT,
    ownerId: OWNER,
    title: "Road bike",
    price: { amount: 350_000, currency: "KRW" },
    status: "available",
    statusLabel: null,
    dealWith: null,
    hideContacts: false,
    version: 1,
    image: null,
    deleted: false,
    ...more,
  };
}

function entry(more: Partial<InboxEntry> = {}): InboxEntry {
  return {
    id: `obj:${OBJECT}:${ANNA}`,
    kind: "object",
    title: "Road bike",
    lastSeq: 3,
    lastMessage: null,
    lastActivityAt: 100,
    unreadCount: 0,
    readSeq: 3,
    membership: "member",
    muted: false,
    hidden: false,
    stranger: false,
    ...more,
  };
}

describe("the card an object room shows", () => {
  it("is the highest version heard, wherever it came from", () => {
    const v2 = card({ version: 2, status: "reserved", dealWith: ANNA });
    expect(newerCard(card(), v2)).toBe(v2);
    expect(newerCard(v2, card())).toBe(v2);
    expect(newerCard(undefined, v2)).toBe(v2);
    expect(newerCard(v2, null)).toBe(v2);
    expect(withCard(entry({ card: v2 }), card()).card).toBe(v2);
    expect(withCard(entry({ card: card() }), v2).card).toBe(v2);
  });

  it("is not wound back by an inbox page older than what the room already heard", () => {
    const v3 = card({ version: 3, status: "sold", dealWith: ANNA });
    const merged = mergeEntry(entry({ card: v3 }), entry({ card: card({ version: 2 }) }));
    expect(merged.card).toBe(v3);
    expect(mergeEntry(entry({ card: card() }), entry({ card: v3 })).card).toBe(v3);
  });

  it("names the asker from the room id, and the other member for each side", () => {
    const room = entry({ card: card() });
    expect(objectAsker(room.id)).toBe(ANNA);
    expect(objectAsker("dm:a:b")).toBeNull();
    expect(objectPeer(room, OWNER)).toBe(ANNA);
    expect(objectPeer(room, ANNA)).toBe(OWNER);
    expect(objectPeer(entry(), ANNA)).toBeNull();
  });
});

describe("prices", () => {
  it("turn what people type into minor units by the currency's digits, and back", () => {
    expect(toMinor("350,000", "KRW")).toBe(350_000);
    expect(toMinor("12.5", "USD")).toBe(1250);
    expect(toMinor("12", "USD")).toBe(1200);
    expect(toMinor("12.505", "USD")).toBeNull();
    expect(toMinor("1.5", "KRW")).toBeNull();
    expect(toMinor("-3", "USD")).toBeNull();
    expect(toMinor("abc", "USD")).toBeNull();
    expect(fromMinor(1250, "USD")).toBe("12.50");
    expect(fromMinor(5, "USD")).toBe("0.05");
    expect(fromMinor(350_000, "KRW")).toBe("350000");
  });

  it("read in the reader's language", () => {
    expect(formatPrice("en", { amount: 1250, currency: "USD" })).toBe("$12.50");
    expect(formatPrice("en", { amount: 350_000, currency: "KRW" })).toBe("₩350,000");
  });
});

describe("the object system message, for each reader", () => {
  const names: Record<string, string> = { [ANNA]: "Anna", [BEN]: "Ben", [OWNER]: "Olivia" };
  const words = (me: string, lang: "en" | "ko" = "en") => ({
    t: translator(lang),
    lang,
    me,
    name: (id: string) => names[id] ?? "?",
  });
  const change = (previous: ObjectCard, next: ObjectCard) => ({
    type: "object" as const,
    by: OWNER,
    previous,
    card: next,
  });
  const reserved = change(card(), card({ version: 2, status: "reserved", dealWith: ANNA }));

  it("says reserved for you, for someone else, or for the asker's name to the owner", () => {
    expect(objectEventText(words(ANNA), reserved)).toBe("Reserved for you");
    expect(objectEventText(words(BEN), reserved)).toBe("Reserved for someone else");
    expect(objectEventText(words(OWNER), reserved)).toBe("Reserved for Anna");
    expect(objectEventText(words(ANNA, "ko"), reserved)).toBe("나에게 예약됐어요");
    expect(objectEventText(words(OWNER, "ko"), reserved)).toBe("Anna 님에게 예약됐어요");
  });

  it("says sold, closed, deleted and available again", () => {
    const v = (more: Partial<ObjectCard>) => card({ version: 3, ...more });
    const held = card({ version: 2, status: "reserved", dealWith: ANNA });
    expect(objectEventText(words(BEN), change(held, v({ status: "sold", dealWith: ANNA })))).toBe(
      "Sold",
    );
    expect(objectEventText(words(BEN), change(held, v({ status: "closed" })))).toBe("Closed");
    expect(objectEventText(words(BEN), change(held, v({ deleted: true })))).toBe("Deleted");
    expect(objectEventText(words(BEN), change(held, v({})))).toBe("Available again");
    expect(objectEventText(words(BEN, "ko"), change(held, v({})))).toBe("다시 거래할 수 있어요");
  });

  it("says what changed of the price and the title", () => {
    const cheaper = card({ version: 2, price: { amount: 300_000, currency: "KRW" } });
    expect(objectEventText(words(ANNA), change(card(), cheaper))).toBe(
      "Price changed from ₩350,000 to ₩300,000",
    );
    const renamed = card({ version: 2, title: "Road bike, 54 cm" });
    expect(objectEventText(words(ANNA), change(card(), renamed))).toBe(
      "Title changed to Road bike, 54 cm",
    );
    expect(objectEventText(words(ANNA), change(card(), card({ version: 2, price: null })))).toBe(
      "Price changed from ₩350,000 to no price",
    );
  });

  it("shows the owner's own word for the status, and why a chat is read-only", () => {
    const t = translator("en");
    expect(statusText(t, card({ statusLabel: "on hold" }))).toBe("on hold");
    expect(statusText(t, card({ status: "reserved", dealWith: ANNA }))).toBe("Reserved");
    expect(statusText(t, card({ deleted: true }))).toBe("Deleted");
    const sold = card({ status: "sold", dealWith: ANNA });
    expect(readOnlyReason(t, sold, ANNA)).toBeNull();
    expect(readOnlyReason(t, sold, BEN)).toMatch(/sold in another chat/);
    expect(readOnlyReason(t, card({ status: "closed" }), ANNA)).toMatch(/closed/);
    expect(readOnlyReason(t, card({ deleted: true }), ANNA)).toMatch(/deleted/);
    expect(readOnlyReason(t, card({ status: "reserved", dealWith: BEN }), ANNA)).toBeNull();
  });
});

describe("an object's quick questions", () => {
  it("are the owner's own, or none when the server answered its defaults in their place", () => {
    expect(ownQuestions({ quickQuestions: ["Does it fold?"] })).toEqual(["Does it fold?"]);
    expect(ownQuestions({ quickQuestions: [...DEFAULT_QUICK_QUESTIONS] })).toEqual([]);
    expect(ownQuestions({ quickQuestions: [] })).toEqual([]);
    const reordered = [...DEFAULT_QUICK_QUESTIONS].reverse();
    expect(ownQuestions({ quickQuestions: reordered })).toEqual(reordered);
  });
});
