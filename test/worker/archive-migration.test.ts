/**
 * Migration 0003 on an archive that already holds rows (written by the 0002 schema): every
 * row kept, keyed by time with ties in arrival order, the index rebuilt, search working at
 * once for ASCII and Korean text, and the rest folded by the scheduled sweep.
 */
import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { AuthResult, SearchPage } from "../../src/protocol";
import { refoldArchive } from "../../src/search/refold";
import worker, { CRONS } from "../../src/worker";
import { call, signUp } from "./helpers";

const db = env.DB;

function migration(prefix: string): string[] {
  const found = env.TEST_MIGRATIONS.find((m) => m.name.startsWith(prefix));
  if (!found) throw new Error(`no migration ${prefix}`);
  return found.queries;
}

const run = (queries: string[]) => db.batch(queries.map((q) => db.prepare(q)));

const T = 1_795_531_150_000;
/** Rows as 0002 stored them: ids in arrival order, a room archived late (ids 5 and 6). */
const LEGACY: [id: number, room: string, seq: number, body: string, at: number][] = [
  [1, "grp:old-a", 2, "Hello World", T + 10],
  [2, "grp:old-a", 3, "자전거를 팔아요", T + 20],
  [3, "grp:old-a", 4, "Öl und Straße", T + 30],
  [4, "grp:old-a", 5, "tie first", T + 40],
  [5, "grp:old-b", 2, "tie second", T + 40],
  [6, "grp:old-b", 3, "late and old: hello", T + 5],
  [7, "grp:old-b", 4, "nul\u0000hidden", T + 50],
];

async function search(auth: AuthResult, q: string): Promise<string[]> {
  const page = await call<SearchPage>("GET", `/api/search?${new URLSearchParams({ q })}`, {
    token: auth.accessToken,
  });
  expect(page.status).toBe(200);
  return page.body.results.map((r) => r.message.body);
}

describe("migration 0003 on a populated archive", () => {
  let alice: AuthResult;

  beforeAll(async () => {
    alice = await signUp();
    // Back to the 0002 schema, holding rows.
    await run([
      "DROP TABLE IF EXISTS archive_refold",
      "DROP TABLE archive_fts",
      "DROP TABLE archive_messages",
      "DROP TABLE archive_members",
    ]);
    await run(migration("0002"));
    await db.batch([
      ...LEGACY.map(([id, room, seq, body, at]) =>
        db
          .prepare(
            `INSERT INTO archive_messages (id, room_id, seq, kind, sender_id, body, created_at)
             VALUES (?, ?, ?, 'text', ?, ?, ?)`,
          )
          .bind(id, room, seq, alice.user.id, body, at),
      ),
      db
        .prepare(
          `INSERT INTO archive_messages (id, room_id, seq, kind, body, system, created_at)
           VALUES (8, 'grp:old-a', 1, 'system', '', '{"type":"created"}', ?)`,
        )
        .bind(T),
      ...["grp:old-a", "grp:old-b"].map((room) =>
        db
          .prepare("INSERT INTO archive_members (room_id, user_id, visible_to) VALUES (?, ?, NULL)")
          .bind(room, alice.user.id),
      ),
    ]);
    await run(migration("0003"));
    // And what later migrations add to the archive (0010: a message's files; 0011: replies; 0012: edits, deletes and reactions).
    for (const later of ["0010", "0011", "0012"]) {
      await run(migration(later).filter((q) => q.includes("archive_messages")));
    }
  });

  it("keeps every row, keyed by time, ties in the order they arrived", async () => {
    const rows = await db
      .prepare(
        "SELECT CAST(id AS TEXT) AS id, body, created_at FROM archive_messages ORDER BY id DESC",
      )
      .all<{ id: string; body: string; created_at: number }>();
    expect(rows.results.map((r) => r.body)).toEqual([
      "nul\u0000hidden",
      "tie second",
      "tie first",
      "Öl und Straße",
      "자전거를 팔아요",
      "Hello World",
      "late and old: hello",
      "",
    ]);
    for (const row of rows.results) {
      expect(BigInt(row.id) / 1_048_576n).toBe(BigInt(row.created_at));
    }
    const integrity = db.prepare(
      "INSERT INTO archive_fts (archive_fts) VALUES ('integrity-check')",
    );
    await expect(integrity.run()).resolves.toBeTruthy();
  });

  it("searches ASCII and Korean text at once, newest first", async () => {
    expect(await search(alice, "HELLO")).toEqual(["Hello World", "late and old: hello"]);
    expect(await search(alice, "자전거")).toEqual(["자전거를 팔아요"]);
  });

  it("folds the rest in the scheduled sweep, a bounded number a run", async () => {
    const pending = async () =>
      Number(
        (await db.prepare("SELECT COUNT(*) AS n FROM archive_refold").first<{ n: number }>())?.n,
      );
    // The Korean row, the German one and the one with a NUL.
    expect(await pending()).toBe(3);
    expect(await search(alice, "STRASSE")).toEqual([]);
    expect(await refoldArchive(db, 1, 50)).toBe(1);
    expect(await pending()).toBe(2);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: CRONS.sweep }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await pending()).toBe(0);
    expect(await search(alice, "STRASSE")).toEqual(["Öl und Straße"]);
    expect(await search(alice, "öl")).toEqual(["Öl und Straße"]);
    expect(await search(alice, "hidden")).toEqual(["nul\u0000hidden"]);
    expect(await search(alice, "자전거")).toEqual(["자전거를 팔아요"]);
    const integrity = db.prepare(
      "INSERT INTO archive_fts (archive_fts) VALUES ('integrity-check')",
    );
    await expect(integrity.run()).resolves.toBeTruthy();
    expect(await refoldArchive(db, 100, 50)).toBe(0);
  });
});
