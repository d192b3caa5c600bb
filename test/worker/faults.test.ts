/**
 * Invariant 4 under faults: a seeded random run of sends, dropped sockets, and evicted or
 * hibernated objects must end with every acknowledged message in history exactly once and
 * on every device exactly once, in order. The devices are real SDK clients (ChatClient)
 * on real sockets through the worker.
 */
import { abortAllDurableObjects, env, evictDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ChatMessage, HistoryPage, SendResult } from "../../src/protocol";
import { call, createGroup, PASSWORD, signIn, signUp } from "./helpers";
import { sdkDevice, until } from "./sdk";

/** Small deterministic generator (mulberry32), so a failing seed can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function allHistory(token: string, roomId: string): Promise<ChatMessage[]> {
  const out: ChatMessage[] = [];
  let after = 0;
  for (;;) {
    const page = await call<HistoryPage>(
      "GET",
      `/api/rooms/${roomId}/messages?after=${after}&limit=100`,
      { token },
    );
    out.push(...page.body.messages);
    const last = page.body.messages.at(-1);
    if (!page.body.hasMore || !last) return out;
    after = last.seq;
  }
}

describe("faults", () => {
  it.each([11, 2026])(
    "seed %i: every acknowledged message reaches history and every device exactly once",
    async (seed) => {
      const random = rng(seed);
      const alice = await signUp();
      const bob = await signUp();
      const alice2 = (await signIn(alice.user.username, PASSWORD)).body;
      const bob2 = (await signIn(bob.user.username, PASSWORD)).body;
      const room = (await createGroup(alice.accessToken, "faults", [bob.user.id])).body;
      const devices = [alice, alice2, bob, bob2].map((s) => sdkDevice(s));
      await until(() => devices.every((d) => d.isOnline()), 5_000, "devices online");

      const roomStub = () => env.CHAT_ROOM.get(env.CHAT_ROOM.idFromName(room.id));
      const sessionStub = (userId: string) =>
        env.USER_SESSION.get(env.USER_SESSION.idFromName(userId));
      const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)] as T;
      const sends: Promise<SendResult>[] = [];
      const faults: string[] = [];
      for (let step = 0; step < 60; step++) {
        const r = random();
        if (r < 0.55) {
          sends.push(pick(devices).client.send(room.id, `step ${step}`));
        } else if (r < 0.7) {
          pick(devices).client.dropConnection();
          faults.push("drop");
        } else if (r < 0.78) {
          await evictDurableObject(roomStub()).catch(() => {});
          faults.push("evict room");
        } else if (r < 0.82) {
          // Every object torn down at once, mid-flight, as a deploy does.
          await abortAllDurableObjects();
          faults.push("abort all");
        } else {
          const mode = r < 0.9 ? "hibernate" : "close";
          await evictDurableObject(sessionStub(pick([alice, bob]).user.id), {
            webSockets: mode,
          }).catch(() => {});
          faults.push(`evict session (${mode})`);
        }
        await new Promise((resolve) => setTimeout(resolve, random() * 10));
      }
      expect(faults.length).toBeGreaterThan(10);

      const acks = await Promise.all(sends);
      const history = (await allHistory(alice.accessToken, room.id)).filter(
        (m) => m.kind === "text",
      );
      // History: each acknowledged message once, with the seq its ack named.
      expect(history.map((m) => m.clientMsgId).sort()).toEqual(
        acks.map((a) => a.clientMsgId).sort(),
      );
      expect(new Set(history.map((m) => m.seq)).size).toBe(history.length);
      for (const ack of acks)
        expect(history.find((m) => m.clientMsgId === ack.clientMsgId)?.seq).toBe(ack.seq);

      const expected = history.map((m) => m.seq);
      await until(
        () =>
          devices.every(
            (d) => d.received.filter((m) => m.kind === "text").length >= expected.length,
          ),
        10_000,
        "every device to receive every message",
      );
      for (const d of devices) {
        const texts = d.received.filter((m) => m.kind === "text").map((m) => m.seq);
        expect(texts).toEqual(expected); // exactly once each, in seq order
      }
      await Promise.all(devices.map((d) => d.client.stop()));
    },
    60_000,
  );
});
