/** User rows in D1, validated on the way out so that a row from an older schema is caught. */
import * as v from "valibot";
import type { Profile, PublicUser } from "../protocol";

const UserRow = v.object({
  id: v.string(),
  username: v.string(),
  display_name: v.string(),
  password_hash: v.string(),
  created_at: v.number(),
  avatar_id: v.nullable(v.string()),
});
export type UserRow = v.InferOutput<typeof UserRow>;

const COLUMNS = "id, username, display_name, password_hash, created_at, avatar_id";

/** A users row as far as public profiles need it. */
const PublicRow = v.pick(UserRow, ["id", "username", "display_name", "avatar_id"]);

function parseRow<S extends typeof UserRow | typeof PublicRow>(
  schema: S,
  raw: unknown,
): v.InferOutput<S> {
  const parsed = v.safeParse(schema, raw);
  if (!parsed.success) throw new Error("users row does not match the expected shape");
  return parsed.output;
}

function toRow(raw: unknown): UserRow | null {
  if (raw === null || raw === undefined) return null;
  return parseRow(UserRow, raw);
}

export function toPublicUser(
  row: Pick<UserRow, "id" | "username" | "display_name" | "avatar_id">,
): PublicUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    avatarId: row.avatar_id,
  };
}

export function toProfile(row: UserRow): Profile {
  return { ...toPublicUser(row), createdAt: row.created_at };
}

export async function findByUsername(db: D1Database, username: string): Promise<UserRow | null> {
  return toRow(
    await db.prepare(`SELECT ${COLUMNS} FROM users WHERE username = ?`).bind(username).first(),
  );
}

export async function findById(db: D1Database, id: string): Promise<UserRow | null> {
  return toRow(await db.prepare(`SELECT ${COLUMNS} FROM users WHERE id = ?`).bind(id).first());
}

/** Inserts a user; returns null when the username is taken (the UNIQUE index decides). */
export async function insertUser(
  db: D1Database,
  user: { username: string; displayName: string; passwordHash: string },
  now: number,
): Promise<UserRow | null> {
  const id = crypto.randomUUID();
  const raw = await db
    .prepare(
      `INSERT INTO users (id, username, display_name, password_hash, created_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?5)
       ON CONFLICT (username) DO NOTHING
       RETURNING ${COLUMNS}`,
    )
    .bind(id, user.username, user.displayName, user.passwordHash, now)
    .first();
  return toRow(raw);
}

/** Changes what is given of a profile: its name, its picture (null: none), or both. */
export async function updateProfile(
  db: D1Database,
  id: string,
  change: { displayName?: string; avatarId?: string | null },
  now: number,
): Promise<UserRow | null> {
  const raw = await db
    .prepare(
      `UPDATE users SET display_name = COALESCE(?2, display_name),
         avatar_id = CASE WHEN ?3 THEN ?4 ELSE avatar_id END, updated_at = ?5
       WHERE id = ?1 RETURNING ${COLUMNS}`,
    )
    .bind(
      id,
      change.displayName ?? null,
      change.avatarId !== undefined ? 1 : 0,
      change.avatarId ?? null,
      now,
    )
    .first();
  return toRow(raw);
}

export async function updatePasswordHash(
  db: D1Database,
  id: string,
  passwordHash: string,
  now: number,
): Promise<void> {
  await db
    .prepare("UPDATE users SET password_hash = ?2, updated_at = ?3 WHERE id = ?1")
    .bind(id, passwordHash, now)
    .run();
}

/**
 * Public profiles for any number of ids in one statement: the ids travel as one JSON
 * parameter (D1 binds at most 100). Unknown ids are left out.
 */
export async function publicUsers(db: D1Database, ids: readonly string[]): Promise<PublicUser[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const rows = await db
    .prepare(
      `SELECT id, username, display_name, avatar_id FROM users
       WHERE id IN (SELECT value FROM json_each(?))`,
    )
    .bind(JSON.stringify(unique))
    .all();
  return rows.results.map((raw) => toPublicUser(parseRow(PublicRow, raw)));
}

/** Which of these ids are users. Chunked: D1 binds at most 100 parameters a statement. */
export async function existingUserIds(
  db: D1Database,
  ids: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 90) {
    const chunk = unique.slice(i, i + 90);
    const rows = await db
      .prepare(`SELECT id FROM users WHERE id IN (${chunk.map(() => "?").join(",")})`)
      .bind(...chunk)
      .all<{ id: string }>();
    for (const row of rows.results) found.add(row.id);
  }
  return found;
}
