/**
 * Object fan-out and tokens at small limits (the timing project: OBJECT_FANOUT_PAGE 2,
 * OBJECT_EVENTS_PAGE 2, OBJECT_GROUPS_MAX 1, OBJECT_TOKENS_MAX 2,
 * OBJECT_TOKEN_POSTS_PER_MINUTE 2, OBJECT_CHATS_LIST_MAX 2, OBJECT_EVENT_SWEEP_MAX 1): a change
 * reaches five chats through jobs that carry on page by page; a chat five changes behind
 * reads them two at a time; the inbox by object and the owner's list of chats stop at their
 * caps; the sweep sends one object's changes a run; an object has two live tokens at most,
 * each posting twice a minute.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { resendUndelivered, runObjectJob } from "../../src/objects/fanout";
import { objectJob } from "../../src/objects/job";
import { editObject } from "../../src/objects/store";
import type {
  ChatObject,
  HistoryPage,
  NewObjectToken,
  ObjectInboxGroup,
  RoomDetails,
} from "../../src/protocol";
import { call, errorCode, ORIGIN, postMessage, signUp } from "../worker/helpers";

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

describe("the owner's lists and the sweep at their caps", () => {
  it("lists OBJECT_CHATS_LIST_MAX chats, the oldest first", async () => {
    const owner = await signUp();
    const askers = await Promise.all([1, 2, 3].map(() => signUp()));
    const object = await listing(owner.accessToken);
    for (const asker of askers) {
      await call("POST", `/api/objects/${object.id}/chats`, { token: asker.accessToken });
    }
    const chats = await call<{ chats: { askerId: string }[] }>(
      "GET",
      `/api/objects/${object.id}/chats`,
      { token: owner.accessToken },
    );
    expect(chats.body.chats.map((c) => c.askerId)).toEqual(
      askers.slice(0, 2).map((a) => a.user.id),
    );
  });

  it("sends OBJECT_EVENT_SWEEP_MAX objects' lost changes a run", async () => {
    const owner = await signUp();
    for (const title of ["One", "Two"]) {
      const object = await listing(owner.accessToken, title);
      await editObject(env.DB, object.id, [["status_label", "lost job"]], Date.now());
    }
    expect(await resendUndelivered(env, Date.now() + 120_000)).toBe(1);
  });
});

describe("object tokens at their limits", () => {
  it("stop at OBJECT_TOKENS_MAX live tokens, and at OBJECT_TOKEN_POSTS_PER_MINUTE posts each", async () => {
    const [owner, asker] = await Promise.all([signUp(), signUp()]);
    const object = await listing(owner.accessToken);
    await call("POST", `/api/objects/${object.id}/chats`, { token: asker.accessToken });
    const make = () =>
      call<NewObjectToken>("POST", `/api/objects/${object.id}/tokens`, {
        token: owner.accessToken,
        body: { name: "sensor" },
      });
    const [first, second] = [await make(), await make()];
    expect([first.status, second.status]).toEqual([201, 201]);
    const third = await make();
    expect([third.status, errorCode(third)]).toEqual([400, "bad_request"]);
    // A revoked token frees its place.
    await call("DELETE", `/api/objects/${object.id}/tokens/${second.body.id}`, {
      token: owner.accessToken,
    });
    expect((await make()).status).toBe(201);

    const post = (n: number) =>
      exports.default.fetch(`${ORIGIN}/api/objects/${object.id}/posts`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${first.body.token}`,
          "Content-Type": "application/json",
        },
        body: JSON.stringify({ clientMsgId: `p${n}`, body: `report ${n}`, askerId: asker.user.id }),
      });
    expect([(await post(1)).status, (await post(2)).status]).toEqual([201, 201]);
    const over = await post(3);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("Retry-After"))).toBeGreaterThan(0);
  });
});
