/**
 * Messages with files (issue 21): a send attaches the sender's uploads (all or none), the
 * message carries them as stored, the room's members (and only they, and only while they
 * are members) fetch them, and the message goes the way every message goes: history, the
 * archive, search by caption and by file name, both sockets.
 */
import { describe, expect, it } from "vitest";
import {
  type ChatMessage,
  type HistoryPage,
  LIMITS,
  type MediaInfo,
  type SearchPage,
  type SendResult,
} from "../../src/protocol";
import { archiveNow } from "./archived-room";
import {
  type CallResult,
  call,
  createDirect,
  createGroup,
  errorCode,
  groupOfThree,
  open,
  opened,
  signUp,
} from "./helpers";
import { code, get, PDF, photo, uploaded } from "./media-helpers";

const messagesOf = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}/messages`;

function sendFiles(
  token: string,
  roomId: string,
  attachments: unknown,
  body?: string,
  clientMsgId: string = crypto.randomUUID(),
): Promise<CallResult<SendResult>> {
  return call<SendResult>("POST", messagesOf(roomId), {
    token,
    body: { clientMsgId, attachments, ...(body !== undefined ? { body } : {}) },
  });
}

async function history(token: string, roomId: string): Promise<ChatMessage[]> {
  const page = await call<HistoryPage>("GET", messagesOf(roomId), { token });
  expect(page.status).toBe(200);
  return page.body.messages;
}

describe("a message with files", () => {
  it("carries each file as stored, in the sender's order, with or without a caption", async () => {
    const { alice, bob, room } = await groupOfThree();
    const one = await photo(alice.accessToken, "beach.png");
    const two = await uploaded(alice.accessToken, PDF, "application/pdf", "?name=plan.pdf");
    const sent = await sendFiles(alice.accessToken, room.id, [two.id, one.id]);
    expect(sent.status).toBe(201);
    const captioned = await sendFiles(alice.accessToken, room.id, [await idOf(alice)], "look");
    expect(captioned.status).toBe(201);

    const [first, second] = (await history(bob.accessToken, room.id)).slice(-2);
    expect(first).toMatchObject({ kind: "attachment", senderId: alice.user.id, body: "" });
    expect(first?.attachments).toEqual([
      {
        id: two.id,
        type: "application/pdf",
        size: two.size,
        name: "plan.pdf",
        width: null,
        height: null,
        thumbId: null,
      },
      {
        id: one.id,
        type: "image/png",
        size: one.size,
        name: "beach.png",
        width: 640,
        height: 480,
        thumbId: one.thumbId,
      },
    ]);
    expect(one.thumbId).not.toBeNull();
    expect(second).toMatchObject({ kind: "attachment", body: "look" });
  });

  it("lets the room's members fetch its files and thumbnails, and no one else", async () => {
    const { alice, bob, carol, room } = await groupOfThree();
    const stranger = await signUp();
    const file = await photo(alice.accessToken);
    const thumbId = file.thumbId ?? "";
    // Before it is sent, the file and its thumbnail are the uploader's alone.
    expect(await code(await get(bob.accessToken, file.id))).toEqual([404, "not_found"]);
    expect(await code(await get(bob.accessToken, thumbId))).toEqual([404, "not_found"]);
    expect((await sendFiles(alice.accessToken, room.id, [file.id])).status).toBe(201);
    for (const member of [alice, bob, carol]) {
      expect((await get(member.accessToken, file.id)).status).toBe(200);
      expect((await get(member.accessToken, thumbId)).status).toBe(200);
    }
    expect(await code(await get(stranger.accessToken, file.id))).toEqual([404, "not_found"]);
    expect(await code(await get(stranger.accessToken, thumbId))).toEqual([404, "not_found"]);

    // A removed member loses them; so does one who leaves, the sender too.
    const removed = await call("DELETE", `/api/rooms/${room.id}/members/${bob.user.id}`, {
      token: alice.accessToken,
    });
    expect(removed.status).toBe(204);
    expect(await code(await get(bob.accessToken, file.id))).toEqual([404, "not_found"]);
    expect(await code(await get(bob.accessToken, thumbId))).toEqual([404, "not_found"]);
    const left = await call("DELETE", `/api/rooms/${room.id}/members/${alice.user.id}`, {
      token: alice.accessToken,
    });
    expect(left.status).toBe(204);
    expect(await code(await get(alice.accessToken, file.id))).toEqual([404, "not_found"]);
    expect((await get(carol.accessToken, file.id)).status).toBe(200);
  });

  it("is refused, attaching nothing, when a file may not go in it", async () => {
    const { alice, bob, room } = await groupOfThree();
    const other = (await createGroup(alice.accessToken, "other", [bob.user.id])).body;
    const mine = await photo(alice.accessToken);
    const bobs = await uploaded(bob.accessToken);
    const elsewhere = await uploaded(alice.accessToken);
    expect((await sendFiles(alice.accessToken, other.id, [elsewhere.id])).status).toBe(201);
    const refusals: [string, unknown][] = [
      ["someone else's upload", [mine.id, bobs.id]],
      ["a thumbnail by itself", [mine.thumbId]],
      ["a file of another room", [mine.id, elsewhere.id]],
      ["no such file", [mine.id, crypto.randomUUID()]],
    ];
    for (const [what, ids] of refusals) {
      const sent = await sendFiles(alice.accessToken, room.id, ids);
      expect([sent.status, errorCode(sent)], what).toEqual([400, "bad_attachment"]);
    }
    // None of those attached `mine`: bob still cannot see it, and no message was stored.
    expect(await code(await get(bob.accessToken, mine.id))).toEqual([404, "not_found"]);
    expect((await history(alice.accessToken, room.id)).map((m) => m.kind)).toEqual(["system"]);
  });

  it("takes 1 to LIMITS.attachmentsMax distinct files, and text or files", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const room = (await createDirect(alice.accessToken, bob.user.id)).body;
    const ids = await Promise.all(
      Array.from({ length: LIMITS.attachmentsMax + 1 }, () => idOf(alice)),
    );
    const at = ids.slice(0, LIMITS.attachmentsMax);
    expect((await sendFiles(alice.accessToken, room.id, at)).status).toBe(201);
    for (const bad of [ids, [], [ids[0], ids[0]], ["not-an-id"]]) {
      const sent = await sendFiles(alice.accessToken, room.id, bad);
      expect([sent.status, errorCode(sent)], JSON.stringify(bad)).toEqual([
        400,
        "validation_failed",
      ]);
    }
    // Without files, the body must say something; with them, it may be empty.
    const empty = await call("POST", messagesOf(room.id), {
      token: alice.accessToken,
      body: { clientMsgId: "e1", body: " " },
    });
    expect([empty.status, errorCode(empty)]).toEqual([400, "validation_failed"]);
    const long = await sendFiles(alice.accessToken, room.id, [ids[10]], "x".repeat(4001));
    expect([long.status, errorCode(long)]).toEqual([400, "validation_failed"]);
  });

  it("is stored once per clientMsgId, its files too, and a file may come again in its room", async () => {
    const { alice, bob, room } = await groupOfThree();
    const file = await photo(alice.accessToken);
    const first = await sendFiles(alice.accessToken, room.id, [file.id], "", "same");
    const again = await sendFiles(alice.accessToken, room.id, [file.id], "", "same");
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.seq).toBe(first.body.seq);
    const resent = await sendFiles(alice.accessToken, room.id, [file.id], "once more");
    expect(resent.status).toBe(201);
    const kinds = (await history(bob.accessToken, room.id)).map((m) => m.kind);
    expect(kinds).toEqual(["system", "attachment", "attachment"]);
  });

  it("is archived and found by its caption and by its files' names", async () => {
    const { alice, bob, room } = await groupOfThree();
    const file = await photo(alice.accessToken, "Sunset_Jeju.png");
    const pdf = await uploaded(alice.accessToken, PDF, "application/pdf", "?name=계약서.pdf");
    expect((await sendFiles(alice.accessToken, room.id, [file.id], "바다 사진")).status).toBe(201);
    expect((await sendFiles(alice.accessToken, room.id, [pdf.id])).status).toBe(201);
    await archiveNow(room.id);
    const search = async (q: string) => {
      const page = await call<SearchPage>("GET", `/api/search?${new URLSearchParams({ q })}`, {
        token: bob.accessToken,
      });
      expect(page.status).toBe(200);
      return page.body.results;
    };
    const [byName] = await search("sunset");
    expect(byName?.message.attachments?.[0]).toMatchObject({ id: file.id, thumbId: file.thumbId });
    expect(byName?.snippet).toBe("바다 사진\nSunset_Jeju.png");
    const [from, to] = byName?.highlights[0] ?? [0, 0];
    expect(byName?.snippet.slice(from, to)).toBe("Sunset");
    expect((await search("바다")).map((r) => r.message.body)).toEqual(["바다 사진"]);
    const [contract] = await search("계약서");
    expect(contract?.message).toMatchObject({ kind: "attachment", body: "" });
    expect(contract?.snippet).toBe("계약서.pdf");
    // History read back from the archive carries the files as well.
    const pdfMessage = (await history(bob.accessToken, room.id)).at(-1);
    expect(pdfMessage?.attachments?.[0]?.name).toBe("계약서.pdf");
  });
});

describe("a send with files on the sockets", () => {
  it("is answered on a room socket once attached, and keeps the device's order", async () => {
    const { alice, bob, room } = await groupOfThree();
    const file = await photo(alice.accessToken);
    const socket = await opened(alice.accessToken, room.id);
    await socket.next(); // room_open
    const frames = [
      { type: "send", id: "f1", roomId: room.id, clientMsgId: "f1", attachments: [file.id] },
      { type: "send", id: "t2", roomId: room.id, clientMsgId: "t2", body: "after the photo" },
      { type: "send", id: "x3", roomId: room.id, clientMsgId: "x3", attachments: [file.thumbId] },
    ];
    for (const frame of frames) socket.ws.send(JSON.stringify(frame));
    const answers = new Map<string, { type: string; seq?: number; code?: string }>();
    while (answers.size < 3) {
      const frame = await socket.next();
      if (frame.type === "ack" || frame.type === "error") {
        answers.set(frame.ref ?? "", frame as { type: string; seq?: number; code?: string });
      }
    }
    expect(answers.get("f1")?.type).toBe("ack");
    expect(answers.get("t2")?.type).toBe("ack");
    expect(answers.get("x3")).toMatchObject({ type: "error", code: "bad_attachment" });
    expect(answers.get("t2")?.seq).toBe((answers.get("f1")?.seq ?? 0) + 1);
    const last = (await history(bob.accessToken, room.id)).slice(-2);
    expect(last.map((m) => [m.kind, m.body])).toEqual([
      ["attachment", ""],
      ["text", "after the photo"],
    ]);
    socket.ws.close();
  });

  it("goes through the session socket too, and reaches the other member as a message", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const room = (await createDirect(alice.accessToken, bob.user.id)).body;
    const file = await photo(alice.accessToken);
    const [aliceSocket, bobSocket] = await Promise.all([
      open(alice.accessToken),
      open(bob.accessToken),
    ]);
    for (const s of [aliceSocket, bobSocket]) s.ws.send(JSON.stringify({ type: "hello", id: "h" }));
    aliceSocket.ws.send(
      JSON.stringify({
        type: "send",
        id: "s1",
        roomId: room.id,
        clientMsgId: "s1",
        body: "hi",
        attachments: [file.id],
      }),
    );
    for (;;) {
      const frame = await bobSocket.next();
      if (frame.type !== "message" || frame.message.kind !== "attachment") continue;
      expect(frame.message.attachments?.map((a) => a.id)).toEqual([file.id]);
      expect(frame.message.body).toBe("hi");
      break;
    }
    expect((await get(bob.accessToken, file.id)).status).toBe(200);
    aliceSocket.ws.close();
    bobSocket.ws.close();
  });
});

/** A fresh upload's id. */
async function idOf(user: { accessToken: string }): Promise<string> {
  const media: MediaInfo = await uploaded(user.accessToken);
  return media.id;
}
