/**
 * Object tokens in D1 (`object_tokens`): made by an object's owner, shown once, stored as
 * their SHA-256 hash, listed without the token, revoked by their owner. A token is
 * `ot_` and 32 random bytes (base64url); it is found by its hash, like refresh tokens.
 */
import * as v from "valibot";
import { randomToken, sha256 } from "../auth/encoding";
import type { NewObjectToken, ObjectToken } from "../protocol";

const PREFIX = "ot_";
const TOKEN = /^ot_[A-Za-z0-9_-]{43}$/;

const TokenRow = v.object({
  id: v.string(),
  object_id: v.string(),
  name: v.string(),
  created_at: v.number(),
  last_used_at: v.nullable(v.number()),
});

function toToken(raw: unknown): ObjectToken & { objectId: string } {
  const parsed = v.safeParse(TokenRow, raw);
  if (!parsed.success) throw new Error("object_tokens row does not match the expected shape");
  const row = parsed.output;
  return {
    id: row.id,
    objectId: row.object_id,
    name: row.name,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
}

/** The object's live tokens, oldest first. */
export async function listTokens(db: D1Database, objectId: string): Promise<ObjectToken[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM object_tokens WHERE object_id = ? AND revoked_at IS NULL
       ORDER BY created_at, id`,
    )
    .bind(objectId)
    .all();
  return results.map((row) => {
    const { objectId: _, ...token } = toToken(row);
    return token;
  });
}

/**
 * Makes a token for the object, unless it has `max` live ones already (null then). The
 * count and the insert are one statement, so tokens made at once cannot pass the cap.
 */
export async function createToken(
  db: D1Database,
  objectId: string,
  name: string,
  max: number,
  now: number,
): Promise<NewObjectToken | null> {
  const id = crypto.randomUUID();
  const token = `${PREFIX}${randomToken(32)}`;
  const result = await db
    .prepare(
      `INSERT INTO object_tokens (id, object_id, name, token_hash, created_at)
       SELECT ?1, ?2, ?3, ?4, ?5
       WHERE (SELECT COUNT(*) FROM object_tokens WHERE object_id = ?2 AND revoked_at IS NULL) < ?6`,
    )
    .bind(id, objectId, name, await sha256(token), now, max)
    .run();
  if (result.meta.changes !== 1) return null;
  return { id, name, createdAt: now, lastUsedAt: null, token };
}

/** Revokes one of the object's tokens; false when it has no such live token. */
export async function revokeToken(
  db: D1Database,
  objectId: string,
  tokenId: string,
  now: number,
): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE object_tokens SET revoked_at = ? WHERE id = ? AND object_id = ?
       AND revoked_at IS NULL`,
    )
    .bind(now, tokenId, objectId)
    .run();
  return result.meta.changes === 1;
}

/**
 * The live token a bearer credential is, marked used now; null for anything else (not a
 * token's shape, unknown, revoked).
 */
export async function useToken(
  db: D1Database,
  credential: string,
  now: number,
): Promise<{ id: string; objectId: string } | null> {
  if (!TOKEN.test(credential)) return null;
  const row = await db
    .prepare(
      `UPDATE object_tokens SET last_used_at = ? WHERE token_hash = ? AND revoked_at IS NULL
       RETURNING *`,
    )
    .bind(now, await sha256(credential))
    .first();
  if (!row) return null;
  const token = toToken(row);
  return { id: token.id, objectId: token.objectId };
}
