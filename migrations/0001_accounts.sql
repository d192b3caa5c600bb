-- Accounts, sign-in devices, refresh tokens, socket tickets and rate-limit counters.
-- Times are milliseconds since the Unix epoch.

CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,          -- lowercase handle
  display_name  TEXT NOT NULL,
  password_hash TEXT NOT NULL,                 -- argon2id PHC string
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
) STRICT;

-- One row per sign-in: a device. Access tokens carry its id as `sid`; it is the unit that
-- sign-out and refresh-token reuse revoke.
CREATE TABLE devices (
  id                TEXT PRIMARY KEY,
  user_id           TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name              TEXT,
  created_at        INTEGER NOT NULL,
  last_refreshed_at INTEGER NOT NULL,
  revoked_at        INTEGER,
  revoke_reason     TEXT
) STRICT;
CREATE INDEX devices_by_user ON devices(user_id);

-- Refresh tokens are stored as SHA-256 hashes. `used_at` is set when a token is rotated;
-- presenting a used token again revokes its device.
CREATE TABLE refresh_tokens (
  token_hash TEXT PRIMARY KEY,
  device_id  TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
  issued_at  INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
) STRICT;
CREATE INDEX refresh_tokens_by_device ON refresh_tokens(device_id);
CREATE INDEX refresh_tokens_by_expiry ON refresh_tokens(expires_at);

-- Single-use WebSocket tickets, consumed with DELETE ... RETURNING.
CREATE TABLE socket_tickets (
  ticket_hash TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL,
  device_id   TEXT NOT NULL,
  expires_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX socket_tickets_by_expiry ON socket_tickets(expires_at);

-- Fixed-window counters for throttling (sign-in per account and per IP, sign-up per IP).
CREATE TABLE rate_limits (
  key          TEXT PRIMARY KEY,
  window_start INTEGER NOT NULL,
  count        INTEGER NOT NULL
) STRICT;
CREATE INDEX rate_limits_by_window ON rate_limits(window_start);
