-- Messages a user deleted for themselves ("delete for me", issue 22): search leaves them out
-- of that user's results. The room keeps its own copy to mark them in the user's history
-- pages; the user's session logs the event for their devices. Never deleted (a hidden
-- message stays hidden).
CREATE TABLE hidden_messages (
  user_id TEXT NOT NULL,
  room_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  hidden_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, room_id, seq)
) STRICT, WITHOUT ROWID;
