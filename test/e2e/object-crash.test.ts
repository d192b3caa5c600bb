/**
 * A hard crash in the middle of an object change's fan-out, against `wrangler dev`: the
 * server is SIGKILLed while some chats about the object have the change and some do not,
 * then started again on the same state. Every chat ends with the change exactly once: the
 * outbox row in D1 survives, the sweep sends its job again, and the chats that had it answer
 * as repeats. Its own server: one change fans out a chat a job (OBJECT_FANOUT_PAGE 1), so the
 * crash lands mid-way, and the sweep takes changes a second old.
 */
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { type ApiClient, ObjectsApi, RoomsApi } from "../../src/client";
import type { ChatObject, RoomDetails } from "../../src/protocol";
import { configWithScheduled, type DevServer, startDevServer } from "./dev-server";
import { signedUpUser } from "./users";

const ASKERS = 6;
const vars = {
  SIGNUP_MAX_PER_IP: "1000",
  JWT_SECRET: randomBytes(32).toString("base64url"), // the same across the restart
  OBJECT_FANOUT_PAGE: "1",
  OBJECT_EVENT_SWEEP_SECONDS: "1",
};

let server: DevServer | null = null;
let config: Awaited<ReturnType<typeof configWithScheduled>> | null = null;
afterAll(async () => {
  await server?.stop();
  await config?.remove();
});

/**
 * Runs the every-minute cron now (`wrangler dev --test-scheduled`, with a config that lets
 * the path through to the worker).
 */
function sweep(url: string): Promise<Response> {
  return fetch(`${url}/__scheduled?cron=*+*+*+*+*`);
}

/** The object events in a chat, as the versions they brought. */
async function versionsIn(api: ApiClient, roomId: string): Promise<number[]> {
  const page = await new RoomsApi(api).history(roomId, { limit: 100 });
  return page.messages.flatMap((m) => (m.system?.type === "object" ? [m.system.card.version] : []));
}

describe("a crash during an object change's fan-out", () => {
  it("loses no chat's event and doubles none", async () => {
    config = await configWithScheduled();
    const options = { config: config.path, migrate: true, scheduled: true };
    server = await startDevServer(vars, options);
    const { persistTo, port, url } = server;
    const owner = await signedUpUser(url, "crash");
    const askers = await Promise.all(
      Array.from({ length: ASKERS }, () => signedUpUser(url, "crash")),
    );
    const object = await new ObjectsApi(owner).create({ title: "Scooter" });
    const rooms: RoomDetails[] = [];
    for (const asker of askers) rooms.push(await new ObjectsApi(asker).ask(object.id));
    const all = () => Promise.all(askers.map((asker, i) => versionsIn(asker, rooms[i]?.id ?? "")));

    const changed = await owner.authed<ChatObject>("POST", `/api/objects/${object.id}/deal`, {
      status: "reserved",
      askerId: askers[0]?.session?.user.id,
    });
    expect(changed.version).toBe(2);
    // Wait until the fan-out is under way and not done, then crash.
    let atCrash: number[][] = [];
    await expect
      .poll(
        async () => {
          atCrash = await all();
          return atCrash.filter((v) => v.length > 0).length;
        },
        { timeout: 20_000, interval: 50 },
      )
      .toBeGreaterThan(0);
    await server.kill();
    const reached = atCrash.filter((v) => v.length > 0).length;
    expect(reached, "the crash landed before the fan-out was done").toBeLessThan(ASKERS);

    server = await startDevServer(vars, { ...options, persistTo, port });
    // The every-minute cron, now rather than in a minute; twice, as a repeat would be.
    for (let i = 0; i < 2; i++) {
      await new Promise((r) => setTimeout(r, 1_100));
      const swept = await sweep(url);
      expect(swept.status).toBe(200);
    }
    await expect
      .poll(all, { timeout: 30_000, interval: 250 })
      .toEqual(Array.from({ length: ASKERS }, () => [2]));
    // And stays so: a later sweep finds nothing owed.
    await sweep(url);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await all()).toEqual(Array.from({ length: ASKERS }, () => [2]));
  }, 180_000);
});
