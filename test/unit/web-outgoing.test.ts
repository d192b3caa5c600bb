/** The web client's messages on their way: acknowledged into the run or held, refused, retried. */
import { describe, expect, it } from "vitest";
import { ChatApiError, type OutboxFile, type OutboxItem } from "../../src/client";
import type { ChatMessage, SendResult } from "../../src/protocol";
import { Outgoing } from "../../web/src/state/outgoing";
import { textMessage } from "../worker/messages";

const ROOM = "grp:r";
const msg = (seq: number): ChatMessage => textMessage(seq, { roomId: ROOM, senderId: "ann" });
const queued = (clientMsgId: string) => ({
  roomId: ROOM,
  clientMsgId,
  body: `body ${clientMsgId}`,
  createdAt: 1,
  attempts: 1,
});
const ack = (clientMsgId: string, seq: number): SendResult => ({
  roomId: ROOM,
  clientMsgId,
  seq,
  createdAt: 50,
  duplicate: false,
});

function outgoing(...ids: string[]): Outgoing {
  const o = new Outgoing("me");
  o.pending = ids.map(queued);
  return o;
}

describe("an acknowledged message", () => {
  it("goes into its run when the run reaches the seq before it", () => {
    const o = outgoing("c1");
    expect(o.acknowledged(ack("c1", 3), [msg(1), msg(2)])).toEqual({
      roomId: ROOM,
      seq: 3,
      kind: "text",
      senderId: "me",
      clientMsgId: "c1",
      body: "body c1",
      createdAt: 50,
    });
    expect(o.sent.size).toBe(0);
  });

  it("waits past a gap, or with no run held, until placed", () => {
    const o = outgoing("c1", "c2", "c3");
    expect(o.acknowledged(ack("c1", 5), [msg(1), msg(2)])).toBeNull();
    expect(o.acknowledged(ack("c2", 6), [])).toBeNull();
    expect(o.acknowledged(ack("c3", 7), undefined)).toBeNull();
    expect([...o.sent.keys()]).toEqual(["c1", "c2", "c3"]);
    o.placed({ ...msg(5), clientMsgId: "c1" });
    expect([...o.sent.keys()]).toEqual(["c2", "c3"]);
  });

  it("is nothing to show when it was not queued here", () => {
    const o = outgoing();
    expect(o.acknowledged(ack("elsewhere", 3), [msg(2)])).toBeNull();
    expect(o.sent.size).toBe(0);
  });
});

describe("a reply on its way", () => {
  it("quotes its message once stored, and again when refused and retried", () => {
    const o = new Outgoing("me");
    o.pending = [
      { ...queued("c1"), replyTo: 2 },
      { ...queued("c2"), replyTo: 1 },
    ];
    expect(o.acknowledged(ack("c1", 3), [msg(1), msg(2)])).toMatchObject({ seq: 3, replyTo: 2 });
    o.refused(ROOM, "c2", new ChatApiError(400, "invalid_target", "cannot be replied to"));
    expect(o.take("c2")).toMatchObject({ clientMsgId: "c2", replyTo: 1 });
  });

  it("has no quote when it is no reply", () => {
    const o = outgoing("c1");
    expect(o.acknowledged(ack("c1", 3), [msg(1), msg(2)])).not.toHaveProperty("replyTo");
  });
});

describe("a refused message", () => {
  it("is listed with its reason until taken back to retry or drop", () => {
    const o = outgoing("c1");
    o.refused(ROOM, "c1", new ChatApiError(0, "validation_failed", "too long"));
    expect(o.failed).toMatchObject([{ clientMsgId: "c1", body: "body c1", reason: "too long" }]);
    expect(o.take("c1")?.body).toBe("body c1");
    expect(o.failed).toEqual([]);
    expect(o.take("c1")).toBeUndefined();
  });
});

describe("a message with files", () => {
  const photo = new Blob([new Uint8Array(8)], { type: "image/jpeg" });
  const uploaded = {
    id: "f1",
    type: "image/jpeg" as const,
    size: 8,
    name: "cat.jpg",
    width: 4,
    height: 3,
    thumbId: "t1",
  };
  const file: OutboxFile = {
    key: "0",
    blob: photo,
    type: "image/jpeg",
    name: "cat.jpg",
    width: 4,
    height: 3,
    thumb: photo,
    thumbId: "t1",
    uploaded,
    loaded: 8,
  };

  it("is shown, once stored, as an attachment message with its files", () => {
    const o = new Outgoing("me");
    o.pending = [{ ...queued("c1"), body: "", files: [file] }];
    expect(o.acknowledged(ack("c1", 3), [msg(1), msg(2)])).toMatchObject({
      kind: "attachment",
      body: "",
      attachments: [uploaded],
    });
  });

  it("keeps its files when refused, to send them again; a cancel is no refusal", () => {
    const o = new Outgoing("me");
    o.pending = [{ ...queued("c1"), files: [file] }];
    o.refused(ROOM, "c1", new ChatApiError(400, "bad_attachment", "not yours"));
    expect(o.failed[0]?.files).toEqual([
      { blob: photo, type: "image/jpeg", name: "cat.jpg", width: 4, height: 3, thumb: photo },
    ]);
    o.refused(ROOM, "c2", new ChatApiError(0, "aborted", "cancelled"));
    expect(o.failed).toHaveLength(1);
  });
});

describe("a change to a message on its way (an edit, a delete, a reaction)", () => {
  const change = (clientMsgId: string, item: OutboxItem["change"]) => ({
    ...queued(clientMsgId),
    body: item?.kind === "edit" ? item.body : "",
    change: item,
  });

  it("is stored as its event, which the run applies to its target", () => {
    const o = new Outgoing("me");
    o.pending = [
      change("e1", { kind: "edit", target: 2, body: "fixed" }),
      change("r1", { kind: "reaction", target: 2, emoji: "👍", on: true }),
      change("d1", { kind: "delete", target: 1 }),
    ];
    expect(o.acknowledged(ack("e1", 3), [msg(1), msg(2)])).toEqual({
      roomId: ROOM,
      seq: 3,
      kind: "edit",
      senderId: "me",
      clientMsgId: "e1",
      body: "fixed",
      createdAt: 50,
      target: 2,
    });
    expect(o.stored(ack("r1", 4))).toMatchObject({
      kind: "reaction",
      body: "",
      target: 2,
      emoji: "👍",
      on: true,
    });
    expect(o.stored(ack("d1", 5))).toMatchObject({ kind: "delete", body: "", target: 1 });
  });

  it("is nothing new when the server found it already made", () => {
    const o = new Outgoing("me");
    o.pending = [change("r1", { kind: "reaction", target: 2, emoji: "👍", on: true })];
    expect(o.acknowledged({ ...ack("r1", 2), duplicate: true }, [msg(1), msg(2)])).toBeNull();
    expect(o.sent.size).toBe(0);
  });

  it("refused, is no message to retry but a notice, told once, with its code", () => {
    const o = new Outgoing("me");
    o.pending = [change("e1", { kind: "edit", target: 2, body: "late" }), { ...queued("m1") }];
    o.refused(ROOM, "e1", new ChatApiError(403, "edit_window_closed", "too late"));
    o.refused(ROOM, "m1", new ChatApiError(0, "blocked", "a block"));
    expect(o.failed).toMatchObject([{ clientMsgId: "m1", code: "blocked", reason: "a block" }]);
    expect(o.takeChangeRefusals("grp:other")).toEqual([]);
    expect(o.takeChangeRefusals(ROOM)).toEqual([
      {
        roomId: ROOM,
        change: { kind: "edit", target: 2, body: "late" },
        code: "edit_window_closed",
        reason: "too late",
      },
    ]);
    expect(o.takeChangeRefusals(ROOM)).toEqual([]);
  });
});
