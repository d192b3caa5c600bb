/**
 * Edits, deletes and reactions across devices (issue 22): the frames on both sockets; a
 * device that was offline ends, by replay or by resync and history, with the view of one
 * that was online; a replay never carries a deleted message's text; a deleted message's
 * files go.
 */
import { describe, expect, it } from "vitest";
import {
  type AuthResult,
  applyChanges,
  type ChatMessage,
  type HistoryPage,
  type ServerFrame,
} from "../../src/protocol";
import { archiveNow } from "./archived-room";
import { Device } from "./device";
import { call, createDirect, groupOfThree, opened, signUp } from "./helpers";
import { get, photo } from "./media-helpers";

let refs = 0;

/** Sends a frame with a fresh id; resolves with the `ack` or `error` that answers it. */
async function ask(device: Device, frame: Record<string, unknown>): Promise<ServerFrame> {
  const id = `c${++refs}`;
  device.ws.send(JSON.stringify({ ...frame, id, clientMsgId: id }));
  return device.waitFor((f) => (f.type === "ack" || f.type === "error") && f.ref === id);
}

/** Messages as a client shows them: every change applied, the events themselves left out. */
function view(messages: readonly ChatMessage[]): ChatMessage[] {
  const bySeq = new Map(messages.map((m) => [m.seq, m]));
  applyChanges(bySeq);
  return [...bySeq.values()]
    .filter((m) => m.target === undefined)
    .sort((a, b) => a.seq - b.seq)
    .map(({ version: _, ...shown }) => shown);
}

const roomMessages = (device: Device, roomId: string) =>
  device.messages.map((f) => f.message).filter((m) => m.roomId === roomId);

async function history(auth: AuthResult, roomId: string): Promise<ChatMessage[]> {
  const page = await call<HistoryPage>("GET", `/api/rooms/${encodeURIComponent(roomId)}/messages`, {
    token: auth.accessToken,
  });
  return page.body.messages;
}

describe("changes on the sockets", () => {
  it("edit, react and delete frames are answered like send, on both sockets, and go out live", async () => {
    const { alice, bob, room } = await groupOfThree();
    const phone = await Device.connect(alice);
    const sent = await phone.send(room.id, "first draft");
    if (sent.type !== "ack") throw new Error("not sent");
    const seq = sent.seq;
    const watcher = await opened(bob.accessToken, room.id);
    expect((await watcher.next()).type).toBe("room_open");
    const edited = await ask(phone, { type: "edit", roomId: room.id, target: seq, body: "final" });
    expect(edited).toMatchObject({ type: "ack", seq: seq + 1, duplicate: false });
    // On bob's room socket: a reaction of his, answered there, and both events live.
    const mine = await opened(bob.accessToken, room.id);
    await mine.next(); // room_open
    mine.ws.send(
      JSON.stringify({
        type: "react",
        id: "r",
        roomId: room.id,
        clientMsgId: "r",
        target: seq,
        emoji: "👍",
        on: true,
      }),
    );
    let ack: ServerFrame | undefined;
    while (!ack) {
      const frame = await mine.next();
      if (frame.type === "ack" && frame.ref === "r") ack = frame;
    }
    expect(ack).toMatchObject({ seq: seq + 2 });
    const live: ChatMessage[] = [];
    while (live.length < 2) {
      const frame = await watcher.next();
      if (frame.type === "live") live.push(frame.message);
    }
    expect(live).toMatchObject([
      { kind: "edit", target: seq, body: "final", senderId: alice.user.id },
      { kind: "reaction", target: seq, emoji: "👍", on: true, senderId: bob.user.id },
    ]);
    // Refusals come back as errors with the frame's ref.
    const refused = await ask(phone, { type: "delete", roomId: room.id, target: 1 });
    expect(refused).toMatchObject({ type: "error", code: "invalid_target" });
    const badEmoji = await ask(phone, {
      type: "react",
      roomId: room.id,
      target: seq,
      emoji: "🦄",
      on: true,
    });
    expect(badEmoji).toMatchObject({ type: "error", code: "validation_failed" });
    for (const s of [watcher, mine]) s.ws.close();
    phone.close();
  });
});

describe("a device that was offline", () => {
  it("ends with the online device's view, by replay and by history, and never gets deleted text", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const room = (await createDirect(alice.accessToken, bob.user.id)).body;
    const online = await Device.connect(bob);
    const later = await Device.connect(bob);
    const cursor = later.cursor;
    later.close();
    const sender = await Device.connect(alice);
    const ack = async (frame: Record<string, unknown>) => {
      const answer = await ask(sender, { roomId: room.id, ...frame });
      if (answer.type !== "ack") throw new Error(JSON.stringify(answer));
      return answer.seq;
    };
    const secret = await ack({ type: "send", body: "my pin is quokka" });
    const kept = await ack({ type: "send", body: "see you at 6" });
    await ack({ type: "edit", target: kept, body: "see you at 7" });
    await ack({ type: "edit", target: secret, body: "my pin is quokka!" });
    await ack({ type: "react", target: kept, emoji: "👍", on: true });
    const last = await ack({ type: "delete", target: secret });
    await online.waitFor((f) => f.type === "message" && f.message.seq === last);
    const seen = view(roomMessages(online, room.id));
    expect(seen.at(-1)).toMatchObject({
      seq: kept,
      body: "see you at 7",
      reactions: [{ emoji: "👍", userIds: [alice.user.id] }],
    });
    expect(seen.find((m) => m.seq === secret)).toMatchObject({
      body: "",
      deletedAt: expect.any(Number),
    });

    // Replay: the log blanked the deleted message and its edit where it held them.
    const again = await Device.connect(bob, cursor);
    await again.waitFor((f) => f.type === "message" && f.message.seq === last);
    expect(JSON.stringify(again.frames)).not.toContain("quokka");
    expect(view(roomMessages(again, room.id))).toEqual(seen);

    // A new device: the whole log again, or resync; then history, which shows each message
    // as it is now.
    const fresh = await Device.connect(bob, 0);
    await fresh.waitFor(
      (f) => f.type === "resync" || (f.type === "message" && f.message.seq === last),
    );
    expect(JSON.stringify(fresh.frames)).not.toContain("quokka");
    const paged = await history(bob, room.id);
    expect(JSON.stringify(paged)).not.toContain("quokka");
    expect(view(paged).filter((m) => m.kind !== "system")).toEqual(
      seen.filter((m) => m.kind !== "system"),
    );
    for (const d of [online, again, fresh, sender]) d.close();
  });
});

describe("a deleted message's files", () => {
  it("can no longer be fetched once the archive has run", async () => {
    const { alice, bob, room } = await groupOfThree();
    const file = await photo(alice.accessToken);
    const sent = await call<{ seq: number }>(
      "POST",
      `/api/rooms/${encodeURIComponent(room.id)}/messages`,
      { token: alice.accessToken, body: { clientMsgId: "f", attachments: [file.id] } },
    );
    expect(sent.status).toBe(201);
    expect((await get(bob.accessToken, file.id)).status).toBe(200);
    const deleted = await call(
      "DELETE",
      `/api/rooms/${encodeURIComponent(room.id)}/messages/${sent.body.seq}`,
      { token: alice.accessToken, body: { clientMsgId: "d" } },
    );
    expect(deleted.status).toBe(201);
    const page = await history(bob, room.id);
    expect(page.find((m) => m.seq === sent.body.seq)).not.toHaveProperty("attachments");
    await archiveNow(room.id);
    for (const id of [file.id, file.thumbId ?? ""]) {
      expect((await get(bob.accessToken, id)).status, id).toBe(404);
      expect((await get(alice.accessToken, id)).status, id).toBe(404);
    }
  });
});
