import { describe, expect, it } from "vitest";
import { AHEAD_MAX, RoomOrder } from "../../src/client/room-order";
import type { ChatMessage, RoomSummary } from "../../src/protocol";
import { textMessage } from "../worker/messages";

const room: RoomSummary = { id: "grp:o", kind: "group", title: "o" };

const message = (seq: number): ChatMessage => textMessage(seq, { roomId: room.id });

function recorder() {
  const emitted: number[] = [];
  const order = new RoomOrder((_room, m) => emitted.push(m.seq));
  return { order, emitted };
}

describe("RoomOrder: each room's messages once, in seq order", () => {
  it("emits the log's messages and drops repeats and anything remembered", () => {
    const { order, emitted } = recorder();
    order.remember(room.id, 2);
    for (const seq of [1, 2, 3, 3, 4, 2]) order.deliver(room, message(seq));
    expect(emitted).toEqual([3, 4]);
    expect(order.lastSeq(room.id)).toBe(4);
  });

  it("holds a live message past a gap until the gap fills, then lets it follow in order", () => {
    const { order, emitted } = recorder();
    order.deliver(room, message(1));
    order.live(room, message(4));
    order.live(room, message(3));
    expect(emitted).toEqual([1]);
    order.deliver(room, message(2)); // the gap, from the log or history
    expect(emitted).toEqual([1, 2, 3, 4]);
    order.live(room, message(4)); // a repeat
    order.live(room, message(5)); // next in line: at once
    expect(emitted).toEqual([1, 2, 3, 4, 5]);
  });

  it("emits a room's first live message at once, and forgets what it held when the room closes", () => {
    const { order, emitted } = recorder();
    order.live(room, message(7));
    order.live(room, message(9));
    order.closed(room.id);
    order.deliver(room, message(8));
    expect(emitted).toEqual([7, 8]);
  });

  it(`holds at most AHEAD_MAX (${AHEAD_MAX}) live messages a room`, () => {
    const { order, emitted } = recorder();
    order.deliver(room, message(1));
    for (let seq = 3; seq <= AHEAD_MAX + 3; seq++) order.live(room, message(seq));
    order.deliver(room, message(2));
    // AHEAD_MAX held (3 … AHEAD_MAX + 2); the one after them was not.
    expect(emitted.length).toBe(2 + AHEAD_MAX);
    expect(emitted.at(-1)).toBe(AHEAD_MAX + 2);
  });
});
