/**
 * The one row mapping (src/storage/message-row.ts) against the real tables that hold
 * messages: whatever a message carries comes back the same from the room's SQLite and from
 * the D1 archive, and a row the code does not know fails loudly.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../src/protocol";
import { archivedRange } from "../../src/room/history";
import { RoomStore } from "../../src/room/store";
import {
  asStored,
  messageColumns,
  messageValues,
  numberedPlaceholders,
  toMessage,
} from "../../src/storage/message-row";

const ROOM = "grp:rows";
const messages: ChatMessage[] = [
  {
    roomId: ROOM,
    seq: 1,
    kind: "system",
    senderId: null,
    body: "",
    system: { type: "created", by: "ann", title: "Rows", memberIds: ["ann", "bo"] },
    createdAt: 1_700_000_000_000,
  },
  {
    roomId: ROOM,
    seq: 2,
    kind: "text",
    senderId: "ann",
    clientMsgId: "c-1",
    body: "héllo 👋",
    createdAt: 1_700_000_000_001,
  },
  {
    roomId: ROOM,
    seq: 3,
    kind: "attachment",
    senderId: "bo",
    clientMsgId: "c-2",
    body: "",
    attachments: [
      {
        id: "f1",
        type: "image/jpeg",
        size: 9,
        name: "사진.jpg",
        width: 4,
        height: 3,
        thumbId: "t1",
      },
      {
        id: "f2",
        type: "application/pdf",
        size: 7,
        name: null,
        width: null,
        height: null,
        thumbId: null,
      },
    ],
    replyTo: 2,
    createdAt: 1_700_000_000_002,
  },
];

describe("the message row mapping", () => {
  it("hands on after an insert exactly what a read gives back", () => {
    for (const m of messages) expect(asStored(m, ROOM)).toStrictEqual(m);
  });

  it("round-trips every field through a D1 archive row", async () => {
    for (const m of messages) {
      await env.DB.prepare(
        `INSERT INTO archive_messages (id, room_id, folded, ${messageColumns()})
         VALUES (?1, ?2, NULL, ${numberedPlaceholders(3)})`,
      )
        .bind(m.createdAt * 1_048_576, ROOM, ...messageValues(m))
        .run();
    }
    const back = await archivedRange(env.DB, ROOM, {
      afterSeq: 0,
      beforeSeq: 10,
      order: "asc",
      limit: 10,
    });
    expect(back).toStrictEqual(messages);
  });

  it("round-trips every field through the room's own SQLite table", async () => {
    const stub = env.CHAT_ROOM.get(env.CHAT_ROOM.idFromName(ROOM));
    const back = await runInDurableObject(stub, (_instance, state) => {
      const store = new RoomStore(state.storage);
      store.createRoom({
        id: ROOM,
        kind: "group",
        title: "Rows",
        subject: null,
        card: null,
        createdBy: "ann",
        createdAt: 1,
      });
      const stored = messages.map(({ roomId: _, seq: __, ...m }) => store.append(m, ROOM));
      return {
        stored,
        read: store.range(ROOM, { afterSeq: 0, beforeSeq: 10, order: "asc", limit: 10 }),
      };
    });
    expect(back.stored).toStrictEqual(messages);
    expect(back.read).toStrictEqual(messages);
  });

  it("refuses a row whose kind, system event or files it does not know", () => {
    const row = Object.fromEntries(
      messageColumns()
        .split(", ")
        .map((c, i) => [c, messageValues(messages[1] as ChatMessage)[i]]),
    );
    expect(toMessage(row, ROOM)).toStrictEqual(messages[1]);
    expect(() => toMessage({ ...row, kind: "poll" }, ROOM)).toThrow(/unknown message kind/);
    expect(() => toMessage({ ...row, system: "42" }, ROOM)).toThrow(/system event/);
    expect(() => toMessage({ ...row, seq: "2" }, ROOM)).toThrow(/seq/);
    const files = '[{"id":"f1","type":"text/html","size":1}]';
    expect(() => toMessage({ ...row, attachments: files }, ROOM)).toThrow(/attachments/);
  });
});
