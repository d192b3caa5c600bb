/** The SDK's typed room and settings routes (RoomsApi) against `wrangler dev`. */
import { describe, expect, inject, it } from "vitest";
import { ChatApiError, RoomsApi } from "../../src/client";
import { signedUpUser } from "./users";

const baseUrl = inject("baseUrl");
async function user() {
  const api = await signedUpUser(baseUrl, "r2e");
  return { api, rooms: new RoomsApi(api), id: api.session?.user.id ?? "" };
}

describe("RoomsApi", () => {
  it("covers rooms, members, history, reads, mute and settings", async () => {
    const [alice, bob, carol] = await Promise.all([user(), user(), user()]);
    const direct = await alice.rooms.createDirect(bob.id);
    expect(direct.kind).toBe("direct");
    const group = await alice.rooms.createGroup("팀", [bob.id]);
    expect((await alice.rooms.addMembers(group.id, [carol.id])).members).toHaveLength(3);
    expect((await alice.rooms.setRole(group.id, bob.id, "admin")).members).toContainEqual(
      expect.objectContaining({ userId: bob.id, role: "admin" }),
    );
    expect((await bob.rooms.rename(group.id, "새 이름")).title).toBe("새 이름");
    await carol.rooms.removeMember(group.id, carol.id);
    await expect(carol.rooms.details(group.id)).rejects.toMatchObject({ code: "not_found" });

    const first = await alice.rooms.send(group.id, "하나");
    const again = await alice.rooms.send(group.id, "하나", first.clientMsgId);
    expect(again).toMatchObject({ seq: first.seq, duplicate: true });
    await alice.rooms.send(group.id, "둘");
    const newest = await bob.rooms.history(group.id, { limit: 1 });
    expect(newest.messages.map((m) => m.body)).toEqual(["둘"]);
    const older = await bob.rooms.history(group.id, { before: first.seq + 1, limit: 1 });
    expect(older.messages.map((m) => m.body)).toEqual(["하나"]);

    expect(await bob.rooms.markRead(group.id, first.seq)).toEqual({
      roomId: group.id,
      readSeq: first.seq,
    });
    const bobsView = (await bob.rooms.details(group.id)).members.find((m) => m.userId === bob.id);
    expect(bobsView?.readSeq).toBe(first.seq);
    expect(await bob.rooms.setMuted(group.id, true)).toEqual({ roomId: group.id, muted: true });
    const inbox = (await bob.rooms.inbox()).rooms;
    expect(inbox.find((r) => r.id === group.id)).toMatchObject({ muted: true, unreadCount: 1 });

    expect(await bob.rooms.setPresenceHidden(true)).toEqual({ hidden: true });
    const until = Date.now() + 60_000;
    expect(await bob.rooms.setDoNotDisturb(until)).toEqual({
      doNotDisturbUntil: until,
      doNotDisturb: true,
      previews: true,
    });
    expect((await bob.rooms.setPreviews(false)).previews).toBe(false);
    expect(await bob.rooms.notificationPrefs()).toMatchObject({ doNotDisturbUntil: until });
    await expect(bob.rooms.setDoNotDisturb(-5)).rejects.toBeInstanceOf(ChatApiError);
  });
});
