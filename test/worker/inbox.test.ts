/**
 * The inbox over HTTP, paged newest activity first with a cursor that holds while rooms
 * move, and the resync frame that lists only the newest rooms.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { AuthResult, ChatMessage, InboxPage, ResyncFrame } from "../../src/protocol";
import { SessionStore } from "../../src/session/store";
import { DEFAULT_SETTINGS as SETTINGS } from "../../src/settings";
import { Device } from "./device";
import { call, createDirect, createGroup, errorCode, groupsInOrder, signUp } from "./helpers";
import { until } from "./sdk";
import { noReads } from "./session-store";

const sessionOf = (userId: string) => env.USER_SESSION.get(env.USER_SESSION.idFromName(userId));

/**
 * Gives a fresh user `count` group rooms straight in their session's storage, room i last
 * active at time 1000 + i (so `grp:seed-<count-1>` is the newest). Run before anything else
 * touches that session.
 */
async function seedRooms(userId: string, count: number): Promise<void> {
  await runInDurableObject(sessionOf(userId), (_instance, state) => {
    const store = new SessionStore(state.storage);
    store.transaction(() => {
      for (let i = 0; i < count; i++) {
        const room = { id: `grp:seed-${i}`, kind: "group" as const, title: `seed ${i}` };
        const message: ChatMessage = {
          roomId: room.id,
          seq: 1,
          kind: "text",
          senderId: "someone",
          clientMsgId: `c${i}`,
          body: `hello ${i}`,
          createdAt: 1000 + i,
        };
        store.append(userId, room, [message], noReads, 1);
      }
    });
  });
}

async function page(token: string, query = ""): Promise<InboxPage> {
  const result = await call<InboxPage>("GET", `/api/rooms${query}`, { token });
  expect(result.status).toBe(200);
  return result.body;
}

/** Every page from the first, `limit` at a time; `between` runs after each page. */
async function allPages(token: string, limit: number, between?: (n: number) => Promise<void>) {
  const pages: InboxPage[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const next = await page(token, query);
    pages.push(next);
    cursor = next.nextCursor;
    await between?.(pages.length);
  } while (cursor);
  return pages;
}

const ids = (pages: InboxPage[]) => pages.flatMap((p) => p.rooms.map((r) => r.id));

describe("the inbox, paged", () => {
  it("pages newest activity first, each room once, to a last page with no cursor", async () => {
    const me = await signUp();
    await seedRooms(me.user.id, 7);
    const pages = await allPages(me.accessToken, 3);
    expect(pages.map((p) => p.rooms.length)).toEqual([3, 3, 1]);
    expect(ids(pages)).toEqual([6, 5, 4, 3, 2, 1, 0].map((i) => `grp:seed-${i}`));
    expect(pages.at(-1)?.nextCursor).toBeNull();
    // Exactly a page's worth left: the page before still says so, the last has no cursor.
    const exact = await allPages(me.accessToken, 7);
    expect(exact).toHaveLength(1);
    expect(exact[0]?.nextCursor).toBeNull();
  });

  it("lists a room that moves to the top while paging once, and every other room once", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const rooms = await groupsInOrder(alice.accessToken, [bob.user.id], 5);
    await until(async () => (await page(bob.accessToken)).rooms.length === 5, 5_000, "rooms");
    // Newest first: room 4 … room 0. After the first page, room 0 (still ahead) and room 4
    // (already listed) get a new message and move to the top.
    const moved = new Set([rooms[0], rooms[4]]);
    const pages = await allPages(bob.accessToken, 2, async (n) => {
      if (n !== 1) return;
      for (const id of moved) {
        await call("POST", `/api/rooms/${id}/messages`, {
          token: alice.accessToken,
          body: { clientMsgId: crypto.randomUUID(), body: "news" },
        });
      }
      const top = async () => (await page(bob.accessToken, "?limit=2")).rooms.map((r) => r.id);
      await until(async () => (await top()).every((id) => moved.has(id)), 5_000, "moved rooms");
    });
    const listed = ids(pages);
    expect(new Set(listed).size).toBe(listed.length); // nothing twice
    for (const id of rooms.filter((r) => !moved.has(r))) expect(listed).toContain(id);
    expect(listed.slice(0, 2)).toEqual([rooms[4], rooms[3]]);
    expect(listed).not.toContain(rooms[0]); // moved above the cursor: the live event says so
    // A new first page shows where the moved rooms went.
    expect((await page(bob.accessToken, "?limit=2")).rooms.map((r) => r.id).sort()).toEqual(
      [...moved].sort(),
    );
  });

  it("gives INBOX_PAGE_DEFAULT rooms without a limit, and at most INBOX_PAGE_MAX", async () => {
    const me = await signUp();
    await seedRooms(me.user.id, SETTINGS.INBOX_PAGE_MAX + 1);
    const first = await page(me.accessToken);
    expect(first.rooms).toHaveLength(SETTINGS.INBOX_PAGE_DEFAULT);
    expect(first.nextCursor).not.toBeNull();
    const most = await page(me.accessToken, `?limit=${SETTINGS.INBOX_PAGE_MAX}`);
    expect(most.rooms).toHaveLength(SETTINGS.INBOX_PAGE_MAX);
    const over = await call("GET", `/api/rooms?limit=${SETTINGS.INBOX_PAGE_MAX + 1}`, {
      token: me.accessToken,
    });
    expect(over.status).toBe(400);
    expect(errorCode(over)).toBe("validation_failed");
  });

  it.each([
    ["?limit=0", /limit must be between 1 and 100/],
    ["?limit=ten", /^limit must be a whole number$/],
    ["?cursor=yesterday", /^cursor is not one this server gave$/],
    ["?cursor=12.grp:x;drop", /^cursor is not one this server gave$/],
    ["?page=2", /page/],
  ])("refuses %s with validation_failed naming the field", async (query, message) => {
    const me = await signUp();
    const result = await call<{ error: { code: string; message: string } }>(
      "GET",
      `/api/rooms${query}`,
      { token: me.accessToken },
    );
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe("validation_failed");
    expect(result.body.error.message).toMatch(message);
  });

  it("reads a page from the index, in order, without sorting the inbox", async () => {
    const me = await signUp();
    await seedRooms(me.user.id, 3);
    const plan = await runInDurableObject(sessionOf(me.user.id), (_instance, state) =>
      state.storage.sql
        .exec(
          `EXPLAIN QUERY PLAN SELECT * FROM rooms WHERE (last_activity_at, room_id) < (?, ?)
           ORDER BY last_activity_at DESC, room_id DESC LIMIT ?`,
          2000,
          "grp:x",
          10,
        )
        .toArray()
        .map((row) => String(row.detail)),
    );
    expect(plan.join("\n")).toMatch(/USING (COVERING )?INDEX rooms_by_recent/);
    expect(plan.join("\n")).not.toMatch(/TEMP B-TREE/);
  });
});

describe("resync", () => {
  const resyncOf = async (user: AuthResult) => {
    const device = await Device.connect(user, 0);
    await device.waitFor((f) => f.type === "resync");
    device.close();
    return device.resync as ResyncFrame;
  };

  it("lists at most RESYNC_ROOMS_MAX rooms, newest first, with the cursor to page the rest", async () => {
    const max = SETTINGS.RESYNC_ROOMS_MAX;
    const exactly = await signUp();
    await seedRooms(exactly.user.id, max);
    const all = await resyncOf(exactly);
    expect(all.rooms).toHaveLength(max);
    expect(all.inboxCursor).toBeNull();

    const more = await signUp();
    await seedRooms(more.user.id, max + 2);
    const cut = await resyncOf(more);
    expect(cut.rooms.map((r) => r.room.id)).toEqual(
      Array.from({ length: max }, (_, i) => `grp:seed-${max + 1 - i}`),
    );
    expect(cut.inboxCursor).not.toBeNull();
    const rest = await page(
      more.accessToken,
      `?cursor=${encodeURIComponent(cut.inboxCursor ?? "")}`,
    );
    expect(rest.rooms.map((r) => r.id)).toEqual(["grp:seed-1", "grp:seed-0"]);
    expect(rest.nextCursor).toBeNull();
  });

  it("says which rooms the user is no longer in", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const room = (await createGroup(alice.accessToken, "gone", [bob.user.id])).body;
    await call("DELETE", `/api/rooms/${room.id}/members/${bob.user.id}`, {
      token: alice.accessToken,
    });
    await until(
      async () => (await page(bob.accessToken)).rooms[0]?.membership === "left",
      5_000,
      "the removal in bob's inbox",
    );
    const resync = await resyncOf(bob);
    expect(resync.rooms).toMatchObject([{ room: { id: room.id }, membership: "left" }]);
    expect((await resyncOf(alice)).rooms).toMatchObject([{ membership: "member" }]);
  });
});

describe("who the inbox names", () => {
  const namesIn = (inbox: InboxPage) =>
    Object.fromEntries(inbox.users.map((u) => [u.id, u.displayName]));

  it("carries the profiles of the people its entries name, as they are now", async () => {
    const alice = await signUp();
    const stranger = await signUp();
    const carol = await signUp();
    // A stranger starts a chat with Alice, and a group with her that adds Carol later.
    const direct = (await createDirect(stranger.accessToken, alice.user.id)).body;
    const group = (await createGroup(stranger.accessToken, "plans", [alice.user.id])).body;
    await call("POST", `/api/rooms/${group.id}/members`, {
      token: stranger.accessToken,
      body: { userIds: [carol.user.id] },
    });
    await until(
      async () => (await page(alice.accessToken)).rooms[0]?.lastMessage?.system?.type === "joined",
      5_000,
      "the join in alice's inbox",
    );
    const first = await page(alice.accessToken);
    expect(first.rooms.map((r) => r.id)).toEqual([group.id, direct.id]);
    expect(namesIn(first)).toEqual({
      [stranger.user.id]: stranger.user.displayName, // the peer, and who created and added
      [carol.user.id]: carol.user.displayName, // who joined
    });
    expect(first.users.find((u) => u.id === carol.user.id)).toEqual({
      id: carol.user.id,
      username: carol.user.username,
      displayName: carol.user.displayName,
      avatarId: null,
    });

    // A new name shows in the next answer.
    await call("PATCH", "/api/me", { token: stranger.accessToken, body: { displayName: "Sam" } });
    expect(namesIn(await page(alice.accessToken))[stranger.user.id]).toBe("Sam");
  });

  it("names the senders of each page's last messages, page by page", async () => {
    const me = await signUp();
    await seedRooms(me.user.id, 3); // last messages from "someone", who is no user: left out
    const alice = await signUp();
    const room = (await createDirect(alice.accessToken, me.user.id)).body;
    await call("POST", `/api/rooms/${room.id}/messages`, {
      token: alice.accessToken,
      body: { clientMsgId: "hi", body: "hi" },
    });
    await until(
      async () => (await page(me.accessToken)).rooms[0]?.lastSeq === 2,
      5_000,
      "the message in the inbox",
    );
    const [first, second] = await allPages(me.accessToken, 2);
    expect(first?.users.map((u) => u.id)).toEqual([alice.user.id]);
    expect(second?.users).toEqual([]);
  });
});
