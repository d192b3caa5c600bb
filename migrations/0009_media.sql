-- Media (issue 21): photos and files. The bytes are in R2 under `media/<id>`; this is what
-- the access checks and the clients read. `type` is what the server found in the first
-- bytes, never the uploader's word alone; `sha256` is of the bytes as stored; `width` and
-- `height` are the uploader's measure of an image (the worker never decodes images).
CREATE TABLE media (
  id         TEXT PRIMARY KEY,
  owner_id   TEXT NOT NULL,
  type       TEXT NOT NULL,
  size       INTEGER NOT NULL,
  name       TEXT,
  width      INTEGER,
  height     INTEGER,
  sha256     TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX media_by_owner ON media(owner_id, created_at);
