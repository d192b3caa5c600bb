-- Media attached (issue 21): what each upload belongs to, its thumbnail, and the files of
-- archived messages; avatars.
--
-- An upload starts attached to nothing (attached_kind NULL) and is its uploader's alone.
-- A send attaches it to a room, an object's images to the object, a profile to its user;
-- who may fetch it follows from that. The sweep first marks an upload that stayed attached
-- to nothing past MEDIA_UNATTACHED_SECONDS as 'swept' (so no send can take it any more),
-- then deletes its bytes and its row.
ALTER TABLE media ADD COLUMN attached_kind TEXT;   -- NULL | 'room' | 'object' | 'avatar' | 'swept'
ALTER TABLE media ADD COLUMN attached_to TEXT;     -- the room, object or user id
ALTER TABLE media ADD COLUMN attached_at INTEGER;  -- when it was attached, or let go
-- An image's thumbnail, an upload of its own; and on the thumbnail, the image it is of.
-- A thumbnail is attached, fetched and swept with its image.
ALTER TABLE media ADD COLUMN thumb_id TEXT;
ALTER TABLE media ADD COLUMN thumb_of TEXT;
-- The sweep's scan: uploads attached to nothing, oldest first.
CREATE INDEX media_unattached ON media (COALESCE(attached_at, created_at))
  WHERE attached_kind IS NULL;
CREATE INDEX media_swept ON media (id) WHERE attached_kind = 'swept';

-- The files of an `attachment` message (JSON, as the room stored them); NULL otherwise.
ALTER TABLE archive_messages ADD COLUMN attachments TEXT;

-- A user's picture: an upload attached to them (`avatar`), or NULL for initials.
ALTER TABLE users ADD COLUMN avatar_id TEXT;
