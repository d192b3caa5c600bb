-- The outbox of object changes (issue 20, docs/decisions/0011): one row per change a chat
-- may need to hear of, written in the same D1 batch as the change, so the event exists if
-- and only if the change does. `snapshot` is the object's row after the change, as JSON
-- with the column names (src/objects/events.ts). The queue's consumer marks a change
-- `delivered_at` once every chat about the object has it; the scheduled sweep sends a
-- change again whose job was lost (not delivered a while after it was made).
CREATE TABLE object_events (
  object_id    TEXT NOT NULL,
  version      INTEGER NOT NULL,
  snapshot     TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  delivered_at INTEGER,
  PRIMARY KEY (object_id, version)
) STRICT;
CREATE INDEX object_events_undelivered ON object_events(created_at) WHERE delivered_at IS NULL;
