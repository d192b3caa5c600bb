-- The message archive: every committed message, copied from its room's Durable Object in
-- batches (INSERT ... ON CONFLICT DO NOTHING on (room_id, seq), so a retried batch changes
-- nothing), and the membership that decides who may search what. Times are milliseconds
-- since the Unix epoch.

CREATE TABLE archive_messages (
  -- A stable key for the full-text index and search paging (an implicit rowid may be
  -- renumbered by VACUUM or an export). Rows of one room are inserted in seq order.
  id            INTEGER PRIMARY KEY,
  room_id       TEXT NOT NULL,
  seq           INTEGER NOT NULL,
  kind          TEXT NOT NULL,                 -- 'text' | 'system'
  sender_id     TEXT,                          -- null for system messages
  client_msg_id TEXT,
  body          TEXT NOT NULL,
  system        TEXT,                          -- JSON of the system event
  created_at    INTEGER NOT NULL,
  -- For edits and deletes (a later issue): an edit rewrites body and sets edited_at; a
  -- delete empties body and sets deleted_at; each bumps version, and the archive's upsert
  -- takes a row only when its version is newer. The triggers below keep the index in step.
  edited_at     INTEGER,
  deleted_at    INTEGER,
  version       INTEGER NOT NULL DEFAULT 0,
  UNIQUE (room_id, seq)
) STRICT;
-- A room's rows newest first (entries are (room_id, id)): search within one room.
CREATE INDEX archive_messages_by_room ON archive_messages (room_id);

-- Who may search a room's archive: a current member (visible_to NULL) sees every message;
-- someone who left or was removed sees up to the seq of their leaving.
CREATE TABLE archive_members (
  room_id    TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  visible_to INTEGER,
  PRIMARY KEY (user_id, room_id)
) STRICT;

-- Substring search for any language, Korean included, without a word segmenter: the
-- trigram tokenizer indexes every three characters. External content: the text lives once,
-- in archive_messages; its id is the index's rowid.
CREATE VIRTUAL TABLE archive_fts USING fts5(
  body,
  content = 'archive_messages',
  content_rowid = 'id',
  tokenize = 'trigram'
);

CREATE TRIGGER archive_fts_insert AFTER INSERT ON archive_messages
WHEN new.kind <> 'system' BEGIN
  INSERT INTO archive_fts (rowid, body) VALUES (new.id, new.body);
END;

CREATE TRIGGER archive_fts_delete AFTER DELETE ON archive_messages
WHEN old.kind <> 'system' BEGIN
  INSERT INTO archive_fts (archive_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;

CREATE TRIGGER archive_fts_update AFTER UPDATE OF body ON archive_messages
WHEN old.kind <> 'system' BEGIN
  INSERT INTO archive_fts (archive_fts, rowid, body) VALUES ('delete', old.id, old.body);
  INSERT INTO archive_fts (rowid, body) VALUES (new.id, new.body);
END;
