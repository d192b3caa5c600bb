-- Object tokens (issue 20): credentials with which an object itself posts into its chats (a
-- shared e-bike's battery report, a listing feed's price drop). Made, listed and revoked by
-- the object's owner; the token is shown once and stored only as its SHA-256 hash.
-- `revoked_at` set: it no longer posts; the row stays for the owner's record.
CREATE TABLE object_tokens (
  id           TEXT PRIMARY KEY,
  object_id    TEXT NOT NULL,
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  created_at   INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at   INTEGER
) STRICT;
CREATE INDEX object_tokens_by_object ON object_tokens(object_id, created_at) WHERE revoked_at IS NULL;
