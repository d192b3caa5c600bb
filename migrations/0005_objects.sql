-- Objects: the things people chat about (issue 20). Times are milliseconds since the Unix
-- epoch. `version` is bumped by every change: the order of the events an object sends to
-- its chats. `deleted_at` set: the owner deleted it; its chats stay readable, it is listed
-- and answered nowhere else. JSON columns hold validated values (src/objects/rows.ts).
CREATE TABLE objects (
  id                 TEXT PRIMARY KEY,
  owner_id           TEXT NOT NULL,
  title              TEXT NOT NULL,
  description        TEXT NOT NULL,
  price              TEXT,             -- {"amount","currency"} or NULL
  attributes         TEXT NOT NULL,    -- a JSON object
  images             TEXT NOT NULL,    -- a JSON array, in card order
  status             TEXT NOT NULL CHECK (status IN ('available', 'reserved', 'sold', 'closed')),
  status_label       TEXT,
  deal_with          TEXT,             -- the asker of a reservation or sale
  ask_while_reserved INTEGER NOT NULL,
  hide_contacts      INTEGER NOT NULL,
  quick_questions    TEXT NOT NULL,    -- a JSON array
  version            INTEGER NOT NULL,
  created_at         INTEGER NOT NULL,
  updated_at         INTEGER NOT NULL,
  deleted_at         INTEGER
) STRICT;

-- An owner's objects, newest first (keyset paging on created_at, id).
CREATE INDEX objects_by_owner ON objects(owner_id, created_at, id) WHERE deleted_at IS NULL;
