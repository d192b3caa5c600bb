-- The chats about each object: one room per (object, asker), `obj:<objectId>:<askerId>`
-- (issue 20). The owner's list of an object's chats reads it, and so will the fan-out of an
-- object's changes to its rooms. Written when a chat is opened (again: INSERT OR IGNORE).
CREATE TABLE object_rooms (
  object_id  TEXT NOT NULL,
  asker_id   TEXT NOT NULL,
  room_id    TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (object_id, asker_id)
) STRICT;
CREATE INDEX object_rooms_by_time ON object_rooms(object_id, created_at, asker_id);
