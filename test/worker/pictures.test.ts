/**
 * Pictures (issue 21): an object's images and a profile's avatar are the owner's uploads of
 * images browsers show, attached to the object or the user, which anyone signed in may
 * fetch; one dropped by an edit is let go (the sweep deletes it later).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ChatObject, Profile, PublicUser, RoomDetails } from "../../src/protocol";
import { call, errorCode, signUp } from "./helpers";
import { code, get, PDF, photo, uploaded } from "./media-helpers";

async function attachedTo(id: string): Promise<[string | null, string | null]> {
  const row = await env.DB.prepare("SELECT attached_kind, attached_to FROM media WHERE id = ?")
    .bind(id)
    .first<{ attached_kind: string | null; attached_to: string | null }>();
  return [row?.attached_kind ?? null, row?.attached_to ?? null];
}

describe("an object's images", () => {
  it("are the owner's uploads, fetched by anyone signed in, the first on the card", async () => {
    const [owner, asker] = await Promise.all([signUp(), signUp()]);
    const front = await photo(owner.accessToken, "front.png");
    const back = await uploaded(owner.accessToken);
    const made = await call<ChatObject>("POST", "/api/objects", {
      token: owner.accessToken,
      body: { title: "Desk lamp", images: [front.id, "https://img.example/x.jpg", back.id] },
    });
    expect(made.status).toBe(201);
    expect(await attachedTo(front.id)).toEqual(["object", made.body.id]);
    expect(await attachedTo(front.thumbId ?? "")).toEqual(["object", made.body.id]);
    for (const id of [front.id, front.thumbId ?? "", back.id]) {
      expect((await get(asker.accessToken, id)).status, id).toBe(200);
    }
    const chat = await call<RoomDetails>("POST", `/api/objects/${made.body.id}/chats`, {
      token: asker.accessToken,
    });
    expect(chat.body.card?.image).toBe(front.id);

    // An edit that drops an image lets it go: attached to nothing, the uploader's alone.
    const edited = await call<ChatObject>("PATCH", `/api/objects/${made.body.id}`, {
      token: owner.accessToken,
      body: { images: [back.id] },
    });
    expect(edited.status).toBe(200);
    expect(await attachedTo(front.id)).toEqual([null, null]);
    expect(await attachedTo(front.thumbId ?? "")).toEqual([null, null]);
    expect(await attachedTo(back.id)).toEqual(["object", made.body.id]);
    expect(await code(await get(asker.accessToken, front.id))).toEqual([404, "not_found"]);
  });

  it("are refused, nothing attached, when not the owner's images", async () => {
    const [owner, other] = await Promise.all([signUp(), signUp()]);
    const pdf = await uploaded(owner.accessToken, PDF, "application/pdf");
    const theirs = await uploaded(other.accessToken);
    const mine = await uploaded(owner.accessToken);
    for (const images of [
      [mine.id, pdf.id],
      [mine.id, theirs.id],
    ]) {
      const made = await call("POST", "/api/objects", {
        token: owner.accessToken,
        body: { title: "t", images },
      });
      expect([made.status, errorCode(made)]).toEqual([400, "bad_attachment"]);
    }
    expect(await attachedTo(mine.id)).toEqual([null, null]);
    // An image of one object is not another's.
    const first = await call<ChatObject>("POST", "/api/objects", {
      token: owner.accessToken,
      body: { title: "one", images: [mine.id] },
    });
    expect(first.status).toBe(201);
    const second = await call("POST", "/api/objects", {
      token: owner.accessToken,
      body: { title: "two", images: [mine.id] },
    });
    expect([second.status, errorCode(second)]).toEqual([400, "bad_attachment"]);
  });
});

describe("an avatar", () => {
  it("is the user's image, shown to anyone signed in, replaced and removed", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const first = await uploaded(alice.accessToken);
    const set = await call<Profile>("PATCH", "/api/me", {
      token: alice.accessToken,
      body: { avatarId: first.id },
    });
    expect(set.status).toBe(200);
    expect(set.body.avatarId).toBe(first.id);
    const seen = await call<PublicUser>("GET", `/api/users/${alice.user.username}`, {
      token: bob.accessToken,
    });
    expect(seen.body.avatarId).toBe(first.id);
    expect((await get(bob.accessToken, first.id)).status).toBe(200);

    const second = await uploaded(alice.accessToken);
    await call("PATCH", "/api/me", { token: alice.accessToken, body: { avatarId: second.id } });
    expect(await attachedTo(first.id)).toEqual([null, null]);
    expect(await attachedTo(second.id)).toEqual(["avatar", alice.user.id]);
    // The name alone leaves the picture as it is.
    const renamed = await call<Profile>("PATCH", "/api/me", {
      token: alice.accessToken,
      body: { displayName: "Alice" },
    });
    expect(renamed.body).toMatchObject({ displayName: "Alice", avatarId: second.id });

    const removed = await call<Profile>("PATCH", "/api/me", {
      token: alice.accessToken,
      body: { avatarId: null },
    });
    expect(removed.body.avatarId).toBeNull();
    expect(await attachedTo(second.id)).toEqual([null, null]);
  });

  it("is refused when it is not the user's image", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    const pdf = await uploaded(alice.accessToken, PDF, "application/pdf");
    const bobs = await uploaded(bob.accessToken);
    for (const avatarId of [pdf.id, bobs.id, crypto.randomUUID()]) {
      const answer = await call("PATCH", "/api/me", {
        token: alice.accessToken,
        body: { avatarId },
      });
      expect([answer.status, errorCode(answer)]).toEqual([400, "bad_attachment"]);
    }
    const empty = await call("PATCH", "/api/me", { token: alice.accessToken, body: {} });
    expect([empty.status, errorCode(empty)]).toEqual([400, "validation_failed"]);
    const me = await call<Profile>("GET", "/api/me", { token: alice.accessToken });
    expect(me.body.avatarId).toBeNull();
  });
});
