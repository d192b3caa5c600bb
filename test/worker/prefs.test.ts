/**
 * A user's own settings: per-room mute and do-not-disturb, kept by their session and heard
 * by every device (live, replayed, and in a resync).
 */
import { describe, expect, it } from "vitest";
import type { InboxEntry, NotificationPrefs } from "../../src/protocol";
import { Device } from "./device";
import { call, createGroup, errorCode, PASSWORD, signIn, signUp } from "./helpers";

describe("mute", () => {
  it("is set per room, synced to every device, and kept in the inbox", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const roomId = (await createGroup(alice.accessToken, "noisy", [bob.user.id])).body.id;
    const second = (await signIn(bob.user.username, PASSWORD)).body;
    const phone = await Device.connect(bob);
    await phone.waitFor((f) => f.type === "resync");
    const laptop = await Device.connect(second, phone.resync?.cursor ?? 0);
    const mute = (muted: boolean, token = bob.accessToken, id = roomId) =>
      call<{ roomId: string; muted: boolean }>("PUT", `/api/rooms/${id}/mute`, {
        token,
        body: { muted },
      });

    expect((await mute(true)).body).toEqual({ roomId, muted: true });
    const prefs = (d: Device) =>
      d.frames.flatMap((f) => (f.type === "room_prefs" ? [[f.roomId, f.muted]] : []));
    await laptop.waitFor(() => prefs(laptop).length === 1);
    await phone.waitFor(() => prefs(phone).length === 1);
    expect((await mute(true)).body).toEqual({ roomId, muted: true }); // no change, no event
    expect((await mute(false)).body).toEqual({ roomId, muted: false });
    await laptop.waitFor(() => prefs(laptop).length === 2);
    expect(prefs(laptop)).toEqual([
      [roomId, true],
      [roomId, false],
    ]);
    await mute(true);
    const inbox = await call<{ rooms: InboxEntry[] }>("GET", "/api/rooms", {
      token: bob.accessToken,
    });
    expect(inbox.body.rooms.find((r) => r.id === roomId)?.muted).toBe(true);

    // A device that was away replays the changes; a new one learns them from the resync.
    const back = await Device.connect(bob, phone.resync?.cursor ?? 0);
    await back.waitFor(() => prefs(back).length === 3);
    const fresh = await Device.connect(bob, 0);
    await fresh.waitFor((f) => f.type === "resync");
    expect(fresh.resync?.rooms[0]).toMatchObject({ muted: true });

    // Alice's own setting is untouched; a stranger or an unknown room gets 404.
    const aliceInbox = await call<{ rooms: InboxEntry[] }>("GET", "/api/rooms", {
      token: alice.accessToken,
    });
    expect(aliceInbox.body.rooms.find((r) => r.id === roomId)?.muted).toBe(false);
    const stranger = await signUp();
    const refused = await mute(true, stranger.accessToken);
    expect([refused.status, errorCode(refused)]).toEqual([404, "not_found"]);
    const unknown = await mute(true, bob.accessToken, "grp:nothing-here");
    expect([unknown.status, errorCode(unknown)]).toEqual([404, "not_found"]);
    const bad = await call("PUT", `/api/rooms/${roomId}/mute`, {
      token: bob.accessToken,
      body: { muted: "yes" },
    });
    expect([bad.status, errorCode(bad)]).toEqual([400, "validation_failed"]);
    for (const d of [phone, laptop, back, fresh]) d.close();
  });
});

describe("do not disturb", () => {
  it("is off by default, on until a time, synced to devices, and validated", async () => {
    const alice = await signUp();
    const device = await Device.connect(alice);
    const get = async () =>
      (await call<NotificationPrefs>("GET", "/api/me/notifications", { token: alice.accessToken }))
        .body;
    const put = (doNotDisturbUntil: unknown) =>
      call<NotificationPrefs>("PUT", "/api/me/notifications", {
        token: alice.accessToken,
        body: { doNotDisturbUntil },
      });
    expect(await get()).toEqual({ doNotDisturbUntil: null, doNotDisturb: false, previews: true });

    const later = Date.now() + 3_600_000;
    expect((await put(later)).body).toEqual({
      doNotDisturbUntil: later,
      doNotDisturb: true,
      previews: true,
    });
    expect(await get()).toEqual({ doNotDisturbUntil: later, doNotDisturb: true, previews: true });
    const past = Date.now() - 1_000;
    expect((await put(past)).body).toEqual({
      doNotDisturbUntil: past,
      doNotDisturb: false,
      previews: true,
    });
    expect((await put(null)).body).toEqual({
      doNotDisturbUntil: null,
      doNotDisturb: false,
      previews: true,
    });
    await device.waitFor(() => device.frames.filter((f) => f.type === "prefs").length === 3);
    expect(device.frames.flatMap((f) => (f.type === "prefs" ? [f.doNotDisturbUntil] : []))).toEqual(
      [later, past, null],
    );

    for (const value of [-1, 1.5, "soon", true, 8.64e15 + 1]) {
      const bad = await put(value);
      expect([bad.status, errorCode(bad)]).toEqual([400, "validation_failed"]);
    }
    const missing = await call("PUT", "/api/me/notifications", {
      token: alice.accessToken,
      body: {},
    });
    expect(missing.status).toBe(400);
    expect((await put(8.64e15)).status).toBe(200);
    device.close();
  });
});

describe("message previews in pushes", () => {
  it("are on by default, turned off and on alone, synced to devices, and validated", async () => {
    const alice = await signUp();
    const device = await Device.connect(alice);
    const put = (body: unknown) =>
      call<NotificationPrefs>("PUT", "/api/me/notifications", { token: alice.accessToken, body });
    const until = Date.now() + 3_600_000;
    expect((await put({ doNotDisturbUntil: until })).body.previews).toBe(true);
    // Previews alone leave do-not-disturb as it was, and the other way round.
    expect((await put({ previews: false })).body).toEqual({
      doNotDisturbUntil: until,
      doNotDisturb: true,
      previews: false,
    });
    expect((await put({ doNotDisturbUntil: null })).body.previews).toBe(false);
    expect((await put({ previews: false })).status).toBe(200); // unchanged: no event
    expect((await put({ previews: true, doNotDisturbUntil: null })).body.previews).toBe(true);
    await device.waitFor(() => device.frames.filter((f) => f.type === "prefs").length === 4);
    const events = device.frames.flatMap((f) =>
      f.type === "prefs" ? [[f.doNotDisturbUntil, f.previews]] : [],
    );
    expect(events).toEqual([
      [until, true],
      [until, false],
      [null, false],
      [null, true],
    ]);
    for (const bad of [{ previews: "no" }, { previews: null }, { previews: true, extra: 1 }]) {
      const answer = await put(bad);
      expect([answer.status, errorCode(answer)]).toEqual([400, "validation_failed"]);
    }
    device.close();
  });
});
