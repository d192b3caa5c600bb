/**
 * Object fan-out at small limits (the timing project: OBJECT_FANOUT_PAGE 2, OBJECT_EVENTS_PAGE
 * 2, OBJECT_GROUPS_MAX 1): a change reaches five chats through jobs that carry on page by
 * page; a chat five changes behind reads them two at a time; the inbox by object stops at its
 * cap.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { runObjectJob } from "../../src/objects/fanout";
import { objectJob } from "../../src/objects/job";
import { editObject } from "../../src/objects/store";
import type { ChatObject, HistoryPage, ObjectInboxGroup, RoomDetails } from "../../src/protocol";
import { call, postMessage, signUp } from "../worker/helpers";

async function listing(token: string, title = "Bike"): Promise<ChatObject> {
  return (await call<ChatObject>("POST", "/api/objects", { token, body: { title } })).body;
}

async function priceEvents(token: string, roomId: string): Promise<number[]> {
  const page = await call<HistoryPage>("GET", `/api/rooms/${roomId}/messages`, { token });
  return page.body.messages.flatMap((m) =>
    m.system?.type === "object" ? [m.system.card.price?.amount ?? -1] : [],
  );
}

describe("object fan-out at its limits", () => {
  it("tells every chat, OBJECT_FANOUT_PAGE chats a job", async () => {
    const owner = await signUp();
    const askers = await Promise.all([1, 2, 3, 4, 5].map(() => signUp()));
    const object = await listing(owner.accessToken);
    const rooms: RoomDetails[] = [];
    for (const asker of askers) {
      rooms.push(
        (
          await call<RoomDetails>("POST", `/api/objects/${object.id}/chats`, {
            token: asker.accessToken,
          })
        ).body,
      );
    }
    // One page, and the job it hands on.
    const next = await runObjectJob(env, objectJob(object.id, 1));
    expect(next?.after?.askerId).toBeDefined();
    const patched = await call("PATCH", `/api/objects/${object.id}`, {
      token: owner.accessToken,
      body: { price: { amount: 7, currency: "EUR" } },
    });
    expect(patched.status).toBe(200);
    for (const [i, asker] of askers.entries()) {
      await expect
        .poll(() => priceEvents(asker.accessToken, rooms[i]?.id ?? ""), { timeout: 15_000 })
        .toEqual([7]);
    }
  }, 30_000);

  it("catches a chat up OBJECT_EVENTS_PAGE changes at a time", async () => {
    const [owner, asker] = await Promise.all([signUp(), signUp()]);
    const object = await listing(owner.accessToken);
    const room = (
      await call<RoomDetails>("POST", `/api/objects/${object.id}/chats`, {
        token: asker.accessToken,
      })
    ).body;
    for (const amount of [1, 2, 3, 4, 5]) {
      await editObject(
        env.DB,
        object.id,
        [["price", JSON.stringify({ amount, currency: "EUR" })]],
        Date.now(),
      );
    }
    expect(await runObjectJob(env, objectJob(object.id, 6))).toBeNull();
    expect(await priceEvents(asker.accessToken, room.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it("lists at most OBJECT_GROUPS_MAX objects in the inbox by object, the newest first", async () => {
    const [owner, asker] = await Promise.all([signUp(), signUp()]);
    const older = await listing(owner.accessToken, "Older");
    const newer = await listing(owner.accessToken, "Newer");
    for (const object of [older, newer]) {
      const room = (
        await call<RoomDetails>("POST", `/api/objects/${object.id}/chats`, {
          token: asker.accessToken,
        })
      ).body;
      await postMessage(asker.accessToken, room.id, "hi");
    }
    await expect
      .poll(async () => {
        const groups = await call<{ objects: ObjectInboxGroup[] }>("GET", "/api/rooms/objects", {
          token: owner.accessToken,
        });
        return groups.body.objects.map((g) => g.card.title);
      })
      .toEqual(["Newer"]);
  });
});
