/** The composer's drafts (web/src/storage/draft-store.ts): per room, per user, in storage. */
import { describe, expect, it } from "vitest";
import { type DraftStorage, DraftStore } from "../../web/src/storage/draft-store";

/** Web Storage over a Map, as localStorage behaves. */
function memoryStorage(): DraftStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    get length() {
      return map.size;
    },
    key: (i) => [...map.keys()][i] ?? null,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

describe("drafts", () => {
  it("are kept per room, survive a new store (a reload), and go when sent or emptied", () => {
    const storage = memoryStorage();
    const drafts = new DraftStore(storage, "u1");
    expect(drafts.get("dm:a:b")).toBe("");
    drafts.set("dm:a:b", "half a thought\nand more");
    drafts.set("grp:x", "another");
    const reloaded = new DraftStore(storage, "u1");
    expect(reloaded.get("dm:a:b")).toBe("half a thought\nand more");
    expect(reloaded.get("grp:x")).toBe("another");
    reloaded.clear("dm:a:b");
    expect(reloaded.get("dm:a:b")).toBe("");
    reloaded.set("grp:x", "   \n ");
    expect(reloaded.get("grp:x")).toBe("");
    expect(storage.map.size).toBe(0);
  });

  it("are each user's own, and signing out forgets only that user's", () => {
    const storage = memoryStorage();
    const mine = new DraftStore(storage, "u1");
    const theirs = new DraftStore(storage, "u2");
    mine.set("r1", "mine");
    mine.set("r2", "mine too");
    theirs.set("r1", "theirs");
    storage.setItem("edge-chat.session", "kept");
    expect(theirs.get("r1")).toBe("theirs");
    mine.clearAll();
    expect(mine.get("r1")).toBe("");
    expect(mine.get("r2")).toBe("");
    expect(theirs.get("r1")).toBe("theirs");
    expect(storage.getItem("edge-chat.session")).toBe("kept");
  });

  it("are not kept, and never throw, where storage is missing or refuses", () => {
    const none = new DraftStore(null, "u1");
    none.set("r", "x");
    expect(none.get("r")).toBe("");
    none.clearAll();
    const full = memoryStorage();
    full.setItem = () => {
      throw new DOMException("full", "QuotaExceededError");
    };
    const drafts = new DraftStore(full, "u1");
    expect(() => drafts.set("r", "x")).not.toThrow();
  });
});
