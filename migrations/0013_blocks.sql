-- Blocks (issue 22): a user who blocked another. The blocked user cannot start a direct or
-- object chat with the blocker or add them to a group; neither writes in a chat of the two
-- (each such room keeps its own copy, told when a block starts or ends); the blocker's
-- presence reads offline to them. Unblocking deletes the row.
CREATE TABLE blocks (
  blocker_id TEXT NOT NULL,
  blocked_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (blocker_id, blocked_id)
) STRICT, WITHOUT ROWID;
-- Who blocked a user: the checks of a new chat or a new member ask it.
CREATE INDEX blocks_by_blocked ON blocks (blocked_id, blocker_id);
