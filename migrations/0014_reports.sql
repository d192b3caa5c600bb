-- Reports (issue 22): a user reports a message or a user, with a reason, for the operator.
-- A report of a message keeps a copy of it as it was when reported (`message`, JSON), so a
-- later delete does not erase the evidence. The operator lists open reports and resolves
-- each (`resolution`: dismissed or actioned).
CREATE TABLE reports (
  id              TEXT PRIMARY KEY,
  reporter_id     TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('message', 'user')),
  -- Who is reported: the message's sender (NULL for what an object posted), or the user.
  user_id         TEXT,
  room_id         TEXT,
  seq             INTEGER,
  message         TEXT,
  reason          TEXT NOT NULL,
  note            TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
  created_at      INTEGER NOT NULL,
  resolved_at     INTEGER,
  resolution      TEXT,
  resolution_note TEXT
) STRICT;
-- The operator's queue, newest first, by status.
CREATE INDEX reports_by_status ON reports (status, created_at, id);
