/**
 * A page of history around a seq (`GET /api/rooms/:id/messages?around=N`): the messages
 * before and after N, N included, with whether more lie each way, paged on with `before`
 * and `after` to both ends; messages deleted for the caller in their hidden form; the query
 * checked; a non-member answered as for a room that does not exist. The SDK's
 * `RoomsApi.around` and `SearchApi.messages` reach them. (The archive's side: test/timing/.)
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ApiClient, RoomsApi, SearchApi } from "../../src/client";
import type { AroundPage, AuthResult, ErrorBody, HistoryPage } from "../../src/protocol";
import { archiveNow } from "./archived-room";
import { call, createGroup, errorCode, ORIGIN, postMessage, signUp } from "./helpers";

const messagesOf = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}/messages`;

function get<T>(auth: AuthResult, roomId: string, query: string) {
  return call<T>("GET", `${messagesOf(roomId)}?${query}`, { token: auth.accessToken });
}

/** A group of Alice's with Bob, holding seq 1 (its creation) and `count` texts "m2".. after. */
async function roomWith(count: number) {
  const [alice, bob] = await Promise.all([signUp(), signUp()]);
  const roomId = (await createGroup(alice.accessToken, "around", [bob.user.id])).body.id;
  for (let i = 0; i < count; i++) {
    const sent = await postMessage(alice.accessToken, roomId, `m${i + 2}`, `c${i}`);
    expect(sent.status).toBe(201);
  }
  return { alice, bob, roomId };
}

const seqs = (page: { messages: { seq: number }[] }) => page.messages.map((m) => m.seq);

describe("a history page around a seq", () => {
  it("gives the messages before and after it, and pages on both ways to the ends", async () => {
    const { bob, roomId } = await roomWith(19); // seqs 1..20
    const page = await get<AroundPage>(bob, roomId, "around=10&limit=5");
    expect(page.status).toBe(200);
    expect(seqs(page.body)).toEqual([8, 9, 10, 11, 12]);
    expect(page.body).toMatchObject({ hasMoreBefore: true, hasMoreAfter: true });
    expect(page.body.messages[2]?.body).toBe("m10");

    const all = seqs(page.body);
    let before = all[0];
    while (before !== undefined) {
      const older = (await get<HistoryPage>(bob, roomId, `before=${before}&limit=4`)).body;
      all.unshift(...seqs(older));
      before = older.hasMore ? older.messages[0]?.seq : undefined;
    }
    let after = all.at(-1);
    while (after !== undefined) {
      const newer = (await get<HistoryPage>(bob, roomId, `after=${after}&limit=4`)).body;
      all.push(...seqs(newer));
      after = newer.hasMore ? newer.messages.at(-1)?.seq : undefined;
    }
    expect(all).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it("fills the page from the other side near either end, and says nothing more lies there", async () => {
    const { bob, roomId } = await roomWith(9); // seqs 1..10
    const first = (await get<AroundPage>(bob, roomId, "around=1&limit=4")).body;
    expect(seqs(first)).toEqual([1, 2, 3, 4]);
    expect(first).toMatchObject({ hasMoreBefore: false, hasMoreAfter: true });
    const last = (await get<AroundPage>(bob, roomId, "around=10&limit=4")).body;
    expect(seqs(last)).toEqual([7, 8, 9, 10]);
    expect(last).toMatchObject({ hasMoreBefore: true, hasMoreAfter: false });
    const all = (await get<AroundPage>(bob, roomId, "around=5&limit=100")).body;
    expect(seqs(all)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(all).toMatchObject({ hasMoreBefore: false, hasMoreAfter: false });
    // Past the newest: the newest page. Without a limit: HISTORY_PAGE_DEFAULT.
    expect(seqs((await get<AroundPage>(bob, roomId, "around=99&limit=3")).body)).toEqual([
      8, 9, 10,
    ]);
    expect(seqs((await get<AroundPage>(bob, roomId, "around=4")).body)).toHaveLength(10);
  });

  it("gives a message the caller deleted for themselves in its hidden form, others' whole", async () => {
    const { alice, bob, roomId } = await roomWith(6); // seqs 1..7
    const hid = await call("PUT", `${messagesOf(roomId)}/4/hidden`, { token: bob.accessToken });
    expect(hid.status).toBe(204);
    const his = (await get<AroundPage>(bob, roomId, "around=4&limit=3")).body.messages;
    expect(his.map((m) => [m.seq, m.hidden === true, m.body])).toEqual([
      [3, false, "m3"],
      [4, true, ""],
      [5, false, "m5"],
    ]);
    const hers = (await get<AroundPage>(alice, roomId, "around=4&limit=3")).body.messages;
    expect(hers.map((m) => [m.seq, m.hidden === true, m.body])).toEqual([
      [3, false, "m3"],
      [4, false, "m4"],
      [5, false, "m5"],
    ]);
  });

  it("refuses around with before or after, a seq below 1, and a bad limit or number", async () => {
    const { bob, roomId } = await roomWith(2);
    const refusals: [string, string][] = [
      ["around=2&before=3", "give around alone, without before or after"],
      ["around=2&after=1", "give around alone, without before or after"],
      ["around=0", "around must be a seq from 1"],
      ["around=x", "around must be a whole number"],
      ["around=-1", "around must be a whole number"],
      ["around=2&limit=0", "limit must be between 1 and 100"],
      ["around=2&limit=101", "limit must be between 1 and 100"],
      ["around=2&around=3", 'parameter "around" is given more than once'],
    ];
    for (const [query, message] of refusals) {
      const answer = await get(bob, roomId, query);
      expect(answer.status, query).toBe(400);
      expect(errorCode(answer), query).toBe("validation_failed");
      expect((answer.body as ErrorBody).error.message, query).toContain(message);
    }
    expect((await get(bob, roomId, "around=2&limit=100")).status).toBe(200);
  });

  it("answers a non-member as for a room that does not exist", async () => {
    const { roomId } = await roomWith(3);
    const stranger = await signUp();
    const theirs = await get(stranger, roomId, "around=2");
    const none = await get(stranger, "grp:00000000-0000-4000-8000-000000000000", "around=2");
    expect([theirs.status, errorCode(theirs)]).toEqual([404, "not_found"]);
    expect([none.status, errorCode(none)]).toEqual([404, "not_found"]);
    expect(theirs.body).toEqual(none.body);
  });

  it("is reached through the SDK, from a search hit to the messages around it", async () => {
    const { bob, roomId } = await roomWith(8); // seqs 1..9
    await postMessage(bob.accessToken, roomId, "the walrus is back", "w");
    await archiveNow(roomId);
    const api = new ApiClient({
      baseUrl: ORIGIN,
      fetch: (input, init) => exports.default.fetch(input, init),
    });
    api.restore(bob);
    const found = await new SearchApi(api).messages("walrus", { roomId, limit: 5 });
    expect(found.results.map((r) => r.message.seq)).toEqual([10]);
    const page = await new RoomsApi(api).around(roomId, 10, 4);
    expect(seqs(page)).toEqual([7, 8, 9, 10]);
    expect(page).toMatchObject({ hasMoreBefore: true, hasMoreAfter: false });
  });
});
