-- Refresh-token rotation with a grace window, and closing a revoked device's sockets.
-- Times are milliseconds since the Unix epoch.

-- When a token is rotated, its successor is recorded with it: `next_hash` (the successor's
-- hash) and `next_sealed`, the successor itself encrypted (AES-GCM) under a key derived from
-- the rotated token, so only someone who presents the rotated token can read it, never the
-- database alone. The same token presented again within REFRESH_REUSE_GRACE_SECONDS (two
-- tabs, a retried request) is answered with that successor instead of revoking the device.
ALTER TABLE refresh_tokens ADD COLUMN next_hash TEXT;
ALTER TABLE refresh_tokens ADD COLUMN next_sealed TEXT;

-- When a revoked device's open sockets were confirmed closed (sessions and rooms); NULL
-- while a close is still owed, which the scheduled sweep retries.
ALTER TABLE devices ADD COLUMN sockets_closed_at INTEGER;
CREATE INDEX devices_closes_owed ON devices(revoked_at) WHERE revoked_at IS NOT NULL AND sockets_closed_at IS NULL;

-- Which rooms a device opened a room socket to (`GET /api/socket/rooms/:id`), written with
-- the ticket that opened it, so that revoking the device can close them.
CREATE TABLE device_rooms (
  device_id TEXT NOT NULL,
  room_id   TEXT NOT NULL,
  opened_at INTEGER NOT NULL,
  PRIMARY KEY (device_id, room_id)
) STRICT;
