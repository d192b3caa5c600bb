import { describe, expect, inject, it } from "vitest";
import { type ApiClient, ChatClient } from "../../src/client";
import type { ChatMessage, HistoryPage, RoomDetails, SendResult } from "../../src/protocol";
import { signedUpUser } from "./users";

const baseUrl = inject("baseUrl");
const user = () => signedUpUser(baseUrl, "m2e");

function client(api: ApiClient) {
  const chat = new ChatClient({ api, backoffBaseMs: 20, backoffMaxMs: 200 });
  const received: ChatMessage[] = [];
  chat.on((e) => {
    if (e.type === "message") received.push(e.message);
  });
  return { chat, received };
}

async function until(check: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("the SDK against wrangler dev", () => {
  it("queues sends while offline, resends after drops with the same clientMsgId, and delivers once", async () => {
    const alice = await user();
    const bob = await user();
    const bobId = bob.session?.user.id ?? "";
    const room = await alice.authed<RoomDetails>("POST", "/api/rooms", {
      kind: "direct",
      userId: bobId,
    });
    const a = client(alice);
    const b = client(bob);
    // Queued before any socket exists.
    const early = a.chat.send(room.id, "sent while offline");
    a.chat.start();
    b.chat.start();
    const sends: Promise<SendResult>[] = [early];
    for (let i = 0; i < 10; i++) {
      sends.push(a.chat.send(room.id, `message ${i}`));
      if (i % 3 === 0) a.chat.dropConnection();
    }
    const acks = await Promise.all(sends);
    expect(new Set(acks.map((x) => x.seq)).size).toBe(11);
    expect(a.chat.pending()).toEqual([]);
    await until(() => b.received.filter((m) => m.kind === "text").length >= 11);
    const seqs = b.received.filter((m) => m.kind === "text").map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(11);
    const history = await bob.authed<HistoryPage>(
      "GET",
      `/api/rooms/${room.id}/messages?limit=100`,
    );
    expect(history.messages.filter((m) => m.kind === "text")).toHaveLength(11);
    await a.chat.stop();
    await b.chat.stop();
  });

  it("fills the gap from history after resync", async () => {
    const alice = await user();
    const bob = await user();
    const room = await alice.authed<RoomDetails>("POST", "/api/rooms", {
      kind: "direct",
      userId: bob.session?.user.id,
    });
    for (let i = 0; i < 3; i++) {
      await alice.authed("POST", `/api/rooms/${room.id}/messages`, {
        clientMsgId: `g${i}`,
        body: `gap ${i}`,
      });
    }
    // A brand-new device starts with resync and pages the room's latest history.
    const b = client(bob);
    b.chat.start();
    await until(() => b.received.filter((m) => m.kind === "text").length >= 3);
    expect(b.received.filter((m) => m.kind === "text").map((m) => m.body)).toEqual([
      "gap 0",
      "gap 1",
      "gap 2",
    ]);
    await b.chat.stop();
  });
});
