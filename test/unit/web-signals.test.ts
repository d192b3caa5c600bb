/** The web client's live signals: which rooms' presence it follows, and who is typing. */
import { describe, expect, it } from "vitest";
import type { InboxEntry } from "../../src/protocol";
import { type RoomState, roomState } from "../../web/src/state/room-state";
import { INBOX_WATCH_MAX, RoomSignals } from "../../web/src/state/signals";
import { inboxEntry } from "../worker/messages";

const room = (id: string, more: Partial<InboxEntry> = {}): RoomState =>
  roomState(inboxEntry({ id, kind: "direct", title: null, lastSeq: 1, ...more }));

function setup() {
  const watching = new Set<string>();
  let changes = 0;
  const client = {
    watch: async (roomId: string) => {
      watching.add(roomId);
      return null;
    },
    unwatch: (roomId: string) => {
      watching.delete(roomId);
    },
  };
  const signals = new RoomSignals(client, () => {
    changes += 1;
  });
  return { watching, signals, changes: () => changes };
}

describe("the presence the inbox follows", () => {
  it("is that of the newest direct rooms the user is in, at most INBOX_WATCH_MAX", () => {
    const { watching, signals } = setup();
    const many = Array.from({ length: INBOX_WATCH_MAX + 2 }, (_, i) => room(`dm:${i}`));
    const inbox = [room("grp:a", { kind: "group" }), room("dm:left", { membership: "left" })];
    signals.followInbox([...inbox, ...many], null);
    expect([...watching]).toEqual(many.slice(0, INBOX_WATCH_MAX).map((s) => s.entry.id));
  });

  it("lets go of rooms that dropped out, except the open one", () => {
    const { watching, signals } = setup();
    signals.followInbox([room("dm:a"), room("dm:b"), room("dm:c")], null);
    signals.followInbox([room("dm:c")], "dm:a");
    expect([...watching].sort()).toEqual(["dm:a", "dm:c"]);
    // Closing the view of a room the inbox no longer follows lets it go.
    signals.closed("dm:a");
    signals.closed("dm:c");
    expect([...watching]).toEqual(["dm:c"]);
  });
});

describe("typing", () => {
  it("lists who types per room until they stop or send", () => {
    const { signals, changes } = setup();
    signals.typed({ type: "typing", roomId: "grp:a", userId: "ann", active: true });
    signals.typed({ type: "typing", roomId: "grp:a", userId: "bob", active: true });
    signals.typed({ type: "typing", roomId: "grp:a", userId: "ann", active: false });
    expect([...(signals.typing.get("grp:a") ?? [])]).toEqual(["bob"]);
    signals.typingStopped("grp:a", "bob");
    signals.typingStopped("grp:a", "bob"); // no change, no re-render
    expect(signals.typing.get("grp:a")?.size).toBe(0);
    expect(changes()).toBe(4);
  });
});

describe("going offline", () => {
  it("shows nobody online until the watches say again; last seen stays, typing ends", () => {
    const { signals } = setup();
    signals.onPresence([
      { userId: "ann", online: true, lastSeenAt: null },
      { userId: "bob", online: false, lastSeenAt: 1_000 },
    ]);
    signals.typed({ type: "typing", roomId: "grp:a", userId: "ann", active: true });
    signals.disconnected();
    expect(signals.presence.get("ann")).toBeUndefined();
    expect(signals.presence.get("bob")).toEqual({
      userId: "bob",
      online: false,
      lastSeenAt: 1_000,
    });
    expect(signals.typing.get("grp:a")?.size ?? 0).toBe(0);
    signals.onPresence([{ userId: "ann", online: true, lastSeenAt: null }]);
    expect(signals.presence.get("ann")?.online).toBe(true);
  });
});
