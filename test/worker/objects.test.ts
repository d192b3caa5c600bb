/** Objects: create, read, edit by the owner only, list by owner, delete; validated; limited. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  type ChatObject,
  DEFAULT_QUICK_QUESTIONS,
  LIMITS,
  type ObjectPage,
} from "../../src/protocol";
import { call, errorCode, signUp } from "./helpers";

const listing = {
  title: "Road bike, 54 cm",
  description: "Serviced in May.\nPick up only.",
  price: { amount: 350_000, currency: "KRW" },
  attributes: { size: "54", gears: 22, tubeless: true },
  images: ["https://img.example/bike-1.jpg", "https://img.example/bike-2.jpg"],
  quickQuestions: ["Is this still available?"],
};

async function create(token: string, body: unknown = listing) {
  return call<ChatObject>("POST", "/api/objects", { token, body });
}

describe("objects", () => {
  it("are created available, read by anyone signed in, with defaults for what was not given", async () => {
    const [owner, other] = await Promise.all([signUp(), signUp()]);
    const made = await create(owner.accessToken);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      ...listing,
      ownerId: owner.user.id,
      status: "available",
      statusLabel: null,
      dealWith: null,
      askWhileReserved: true,
      hideContacts: false,
      version: 1,
    });
    const read = await call<ChatObject>("GET", `/api/objects/${made.body.id}`, {
      token: other.accessToken,
    });
    expect(read.body).toEqual(made.body);
    const bare = await create(owner.accessToken, { title: "Lost: blue umbrella" });
    expect(bare.body).toMatchObject({
      description: "",
      price: null,
      attributes: {},
      images: [],
      // An object with no quick questions of its own answers the service's defaults.
      quickQuestions: [...DEFAULT_QUICK_QUESTIONS],
    });
    expect((await call("GET", `/api/objects/${made.body.id}`)).status).toBe(401);
  });

  it("are edited by their owner only; each edit bumps the version", async () => {
    const [owner, other] = await Promise.all([signUp(), signUp()]);
    const { id } = (await create(owner.accessToken)).body;
    const patch = (token: string, body: unknown) =>
      call<ChatObject>("PATCH", `/api/objects/${id}`, { token, body });
    const cheaper = await patch(owner.accessToken, {
      price: { amount: 300_000, currency: "KRW" },
      statusLabel: "on hold",
    });
    expect(cheaper.body).toMatchObject({
      price: { amount: 300_000 },
      statusLabel: "on hold",
      version: 2,
    });
    expect(cheaper.body.title).toBe(listing.title);
    const refused = await patch(other.accessToken, { title: "mine now" });
    expect([refused.status, errorCode(refused)]).toEqual([403, "forbidden"]);
    const closed = await patch(owner.accessToken, { status: "closed" });
    expect(closed.body).toMatchObject({ status: "closed", version: 3 });
    const again = await patch(owner.accessToken, { status: "available", price: null });
    expect(again.body).toMatchObject({ status: "available", price: null, version: 4 });
    // A reservation or a sale names an asker: not through an edit.
    const reserved = await patch(owner.accessToken, { status: "reserved" });
    expect([reserved.status, errorCode(reserved)]).toEqual([400, "validation_failed"]);
    // Available again, or closed, ends a reservation: no asker is named any more.
    await env.DB.prepare("UPDATE objects SET status = 'reserved', deal_with = ? WHERE id = ?")
      .bind(other.user.id, id)
      .run();
    const reopened = await patch(owner.accessToken, { status: "available" });
    expect(reopened.body).toMatchObject({ status: "available", dealWith: null });
    const empty = await patch(owner.accessToken, {});
    expect([empty.status, errorCode(empty)]).toEqual([400, "validation_failed"]);
  });

  it("keep every edit when edits race: versions are consecutive and none is lost", async () => {
    const owner = await signUp();
    const { id } = (await create(owner.accessToken)).body;
    const edits = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        call<ChatObject>("PATCH", `/api/objects/${id}`, {
          token: owner.accessToken,
          body: { attributes: { edit: i } },
        }),
      ),
    );
    expect(edits.map((e) => e.status)).toEqual(Array(6).fill(200));
    expect(edits.map((e) => e.body.version).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7]);
    const final = await call<ChatObject>("GET", `/api/objects/${id}`, { token: owner.accessToken });
    expect(final.body.version).toBe(7);
  });

  it("are listed by owner, newest first, a page at a time; deleted ones are gone", async () => {
    const [owner, other] = await Promise.all([signUp(), signUp()]);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await create(owner.accessToken, { title: `item ${i}` })).body.id);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const page = (token: string, qs: string) =>
      call<ObjectPage>("GET", `/api/objects${qs}`, { token });
    const first = await page(owner.accessToken, "?limit=2");
    expect(first.body.objects.map((o) => o.id)).toEqual([ids[4], ids[3]]);
    const second = await page(owner.accessToken, `?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.objects.map((o) => o.id)).toEqual([ids[2], ids[1]]);
    const byOwner = await page(other.accessToken, `?owner=${owner.user.id}&limit=100`);
    expect(byOwner.body.objects).toHaveLength(5);
    expect((await page(other.accessToken, "")).body).toEqual({ objects: [], nextCursor: null });

    const del = (token: string) => call("DELETE", `/api/objects/${ids[4]}`, { token });
    expect([(await del(other.accessToken)).status]).toEqual([403]);
    expect((await del(owner.accessToken)).status).toBe(204);
    expect((await del(owner.accessToken)).status).toBe(404);
    const gone = await call("GET", `/api/objects/${ids[4]}`, { token: owner.accessToken });
    expect([gone.status, errorCode(gone)]).toEqual([404, "not_found"]);
    expect((await page(owner.accessToken, "?limit=100")).body.objects).toHaveLength(4);

    for (const qs of ["?limit=0", "?limit=101", "?cursor=nope", "?sort=new"]) {
      const bad = await page(owner.accessToken, qs);
      expect([bad.status, errorCode(bad)], qs).toEqual([400, "validation_failed"]);
    }
    expect((await page(owner.accessToken, "?limit=100")).status).toBe(200);
  });

  it("refuse what is not an object, at the edge of each limit", async () => {
    const owner = await signUp();
    const at = (n: number, c = "x") => c.repeat(n);
    const accepted = [
      { title: at(LIMITS.objectTitleMax) },
      { title: "t", description: at(LIMITS.objectDescriptionMax) },
      { title: "t", images: Array(LIMITS.objectImagesMax).fill("https://img.example/a.jpg") },
      {
        title: "t",
        attributes: Object.fromEntries(
          Array.from({ length: LIMITS.objectAttributesMax }, (_, i) => [`a${i}`, i]),
        ),
      },
      { title: "t", quickQuestions: Array(LIMITS.objectQuickQuestionsMax).fill("Still there?") },
      { title: "t", statusLabel: at(LIMITS.objectLabelMax) },
    ];
    for (const body of accepted) {
      expect(
        (await create(owner.accessToken, body)).status,
        JSON.stringify(body).slice(0, 80),
      ).toBe(201);
    }
    const refused = [
      {},
      { title: "" },
      { title: at(LIMITS.objectTitleMax + 1) },
      { title: "t", description: at(LIMITS.objectDescriptionMax + 1) },
      { title: "t", images: Array(LIMITS.objectImagesMax + 1).fill("https://img.example/a.jpg") },
      { title: "t", images: ["http://insecure.example/a.jpg"] },
      { title: "t", images: ["javascript:alert(1)"] },
      {
        title: "t",
        attributes: Object.fromEntries(
          Array.from({ length: LIMITS.objectAttributesMax + 1 }, (_, i) => [`a${i}`, i]),
        ),
      },
      { title: "t", attributes: { "bad key": 1 } },
      { title: "t", attributes: { nested: { a: 1 } } },
      { title: "t", attributes: { long: at(LIMITS.objectAttributeValueMax + 1) } },
      { title: "t", price: { amount: -1, currency: "KRW" } },
      { title: "t", price: { amount: 1.5, currency: "KRW" } },
      { title: "t", price: { amount: 1, currency: "won" } },
      { title: "t", quickQuestions: Array(LIMITS.objectQuickQuestionsMax + 1).fill("q") },
      { title: "t", statusLabel: at(LIMITS.objectLabelMax + 1) },
      { title: "t", status: "sold" },
      { title: "t", ownerId: "someone" },
    ];
    for (const body of refused) {
      const answer = await create(owner.accessToken, body);
      expect([answer.status, errorCode(answer)], JSON.stringify(body).slice(0, 80)).toEqual([
        400,
        "validation_failed",
      ]);
    }
    for (const path of ["/api/objects/not-a-uuid", `/api/objects/${crypto.randomUUID()}`]) {
      expect((await call("GET", path, { token: owner.accessToken })).status).toBe(404);
    }
  });
});
