-- The archive, rebuilt for search (issue 17), keeping every row it holds:
--
-- 1. Rows are keyed by time. `id` is created_at * 2^20 plus the row's place among the rows
--    archived with the same created_at (0, 1, 2, … in the order they arrived), so id order
--    is time order: the trigram index (whose rowid is the id), a room's index and the table
--    itself all hand out the newest rows first, and a row archived late (a retry, a room
--    that was down) takes its place in time instead of jumping to the top. Search pages by
--    id, so a position stays valid however rows arrive. 2^20 rows per millisecond is more
--    than one database can write; ids stay below 2^63 until the year 2248, but above 2^53,
--    so code reads them as text (CAST), never as JavaScript numbers.
-- 2. Text is matched case-folded, the same way for words of every length and for the
--    highlights (src/search/fold.ts, Unicode full case folding). The app writes `folded`
--    with each row, or NULL where folding changes nothing (most Korean text, lowercase
--    text); `search_text` is what is matched and what the trigram index holds, now case-
--    sensitive (the folding is done before it). SQL cannot fold past ASCII, so rows copied
--    here get lower(body), exact for text without other letters, and those with any
--    character beyond ASCII are listed in archive_refold for the app to fold again
--    (src/search/refold.ts, from the scheduled sweep).

CREATE TABLE archive_messages_v3 (
  -- created_at * 2^20 + place within that millisecond: time order (see above).
  id            INTEGER PRIMARY KEY,
  room_id       TEXT NOT NULL,
  seq           INTEGER NOT NULL,
  kind          TEXT NOT NULL,                 -- 'text' | 'system'
  sender_id     TEXT,                          -- null for system messages
  client_msg_id TEXT,
  body          TEXT NOT NULL,
  -- body case-folded by the app; null when that is body itself.
  folded        TEXT,
  system        TEXT,                          -- JSON of the system event
  created_at    INTEGER NOT NULL,
  edited_at     INTEGER,
  deleted_at    INTEGER,
  version       INTEGER NOT NULL DEFAULT 0,
  search_text   TEXT GENERATED ALWAYS AS (COALESCE(folded, body)) VIRTUAL,
  UNIQUE (room_id, seq)
) STRICT;

INSERT INTO archive_messages_v3
  (id, room_id, seq, kind, sender_id, client_msg_id, body, folded, system, created_at,
   edited_at, deleted_at, version)
SELECT
  created_at * 1048576 + ROW_NUMBER() OVER (PARTITION BY created_at ORDER BY id) - 1,
  room_id, seq, kind, sender_id, client_msg_id, body,
  CASE WHEN lower(body) = body THEN NULL ELSE lower(body) END,
  system, created_at, edited_at, deleted_at, version
FROM archive_messages;

-- Rows whose folding SQL could not do: any character beyond ASCII (UTF-8 bytes outnumber
-- characters), or a NUL (length() stops there). Emptied by the app, then unused.
CREATE TABLE archive_refold (
  room_id TEXT NOT NULL,
  seq     INTEGER NOT NULL,
  PRIMARY KEY (room_id, seq)
) STRICT, WITHOUT ROWID;

INSERT INTO archive_refold (room_id, seq)
SELECT room_id, seq FROM archive_messages
WHERE kind <> 'system' AND length(body) <> length(CAST(body AS BLOB));

DROP TABLE archive_fts;
DROP TABLE archive_messages;
ALTER TABLE archive_messages_v3 RENAME TO archive_messages;

-- A room's rows newest first (entries are (room_id, id)): search within one room.
CREATE INDEX archive_messages_by_room ON archive_messages (room_id);

-- Substring search for any language, Korean included, without a word segmenter: the
-- trigram tokenizer indexes every three characters of the folded text, as they are.
CREATE VIRTUAL TABLE archive_fts USING fts5(
  search_text,
  content = 'archive_messages',
  content_rowid = 'id',
  tokenize = 'trigram case_sensitive 1'
);

INSERT INTO archive_fts (rowid, search_text)
SELECT id, search_text FROM archive_messages WHERE kind <> 'system';

CREATE TRIGGER archive_fts_insert AFTER INSERT ON archive_messages
WHEN new.kind <> 'system' BEGIN
  INSERT INTO archive_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;

CREATE TRIGGER archive_fts_delete AFTER DELETE ON archive_messages
WHEN old.kind <> 'system' BEGIN
  INSERT INTO archive_fts (archive_fts, rowid, search_text)
  VALUES ('delete', old.id, old.search_text);
END;

CREATE TRIGGER archive_fts_update AFTER UPDATE OF body, folded ON archive_messages
WHEN old.kind <> 'system' BEGIN
  INSERT INTO archive_fts (archive_fts, rowid, search_text)
  VALUES ('delete', old.id, old.search_text);
  INSERT INTO archive_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
